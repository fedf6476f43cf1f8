package dev.pat.service;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The token events a webhook can subscribe to, by their names on the wire; which ones also go to the owner by e-mail. */
public enum TokenNotice {
    CREATED("token.created", false),
    EXPIRING("token.expiring", true),
    EXPIRED("token.expired", true),
    REVOKED("token.revoked", true),
    ROTATED("token.rotated", true),
    DELETED("token.deleted", false);

    public static final List<String> NAMES = Arrays.stream(values()).map(TokenNotice::wireName).toList();

    private final String wireName;
    private final boolean mailed;

    TokenNotice(String wireName, boolean mailed) {
        this.wireName = wireName;
        this.mailed = mailed;
    }

    public String wireName() {
        return wireName;
    }

    /** Reminders, rotations and revocations reach the owner's inbox too; creations and deletions are the owner's own acts. */
    public boolean mailed() {
        return mailed;
    }

    public static Optional<TokenNotice> named(String name) {
        return Arrays.stream(values()).filter(notice -> notice.wireName.equals(name)).findFirst();
    }
}
