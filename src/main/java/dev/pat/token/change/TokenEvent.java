package dev.pat.token.change;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that happens to a token, in one list: what a webhook can subscribe to (its wire name),
 * what the audit log and the {@code pat_token_events_total} counter record, and what also reaches
 * the owner's inbox.
 */
public enum TokenEvent {
    CREATED("token.created", "created", false),
    /** A change of name, expiry or scopes: audited, not offered to webhooks. */
    UPDATED(null, "updated", false),
    REVOKED("token.revoked", "revoked", true),
    ROTATED("token.rotated", "rotated", true),
    DELETED("token.deleted", "deleted", false),
    /** A reminder before expiry (7 days, 1 day). */
    EXPIRING("token.expiring", null, true),
    EXPIRED("token.expired", null, true),
    /**
     * The account's inactivity rule will revoke the token in 7 days or less, unless it is used: once
     * per inactivity deadline.
     */
    INACTIVE_SOON("token.inactive_soon", null, true),
    /** A secret the token had before a rotation was used after it stopped working: a sign it leaked. */
    REUSE_DETECTED("token.reuse_detected", "reuse_detected", true);

    /** The names webhooks subscribe to. */
    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(TokenEvent::wireName)
            .filter(Objects::nonNull).toList();

    private final String wireName;
    private final String auditName;
    private final boolean mailed;

    TokenEvent(String wireName, String auditName, boolean mailed) {
        this.wireName = wireName;
        this.auditName = auditName;
        this.mailed = mailed;
    }

    /** The event's name in webhooks and the outbox; null when it is not offered to them. */
    public String wireName() {
        return wireName;
    }

    /** Its name in the audit log and the metric; null for reminders, which change nothing. */
    public String auditName() {
        return auditName;
    }

    /** Reminders, rotations and revocations reach the owner's inbox too; creations and deletions are the owner's own acts. */
    public boolean mailed() {
        return mailed;
    }

    public static Optional<TokenEvent> named(String wireName) {
        return Arrays.stream(values()).filter(event -> Objects.equals(event.wireName, wireName) && wireName != null).findFirst();
    }
}
