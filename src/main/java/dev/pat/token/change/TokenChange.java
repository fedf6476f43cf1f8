package dev.pat.token.change;

import dev.pat.security.Caller;
import dev.pat.token.api.PersonalAccessTokenBody;
import java.time.Instant;
import java.util.UUID;

/**
 * One thing that happened to a token, as {@link TokenChanges} records it.
 *
 * @param token          the token as the API shows it after the change (for a deletion, as it was)
 * @param actor          who did it; null when nobody did (a leak report, the expiry scan)
 * @param reason         why it was revoked, for a revocation
 * @param threshold      for a reminder: P7D, P1D, or expired
 * @param remindedExpiry for a reminder: the expiry it was computed from, at the column's precision
 * @param refusesSecrets whether the change can turn an accepted secret into a refused one: then
 *                       every instance must forget what it remembers of the token's secrets
 * @param clientAddress  for a reuse: the address the earlier secret came from, when known
 */
public record TokenChange(TokenEvent event, UUID accountId, PersonalAccessTokenBody token, Caller actor, RevokeReason reason,
        String threshold, Instant remindedExpiry, boolean refusesSecrets, String clientAddress) {

    public static final String EXPIRED_THRESHOLD = "expired";

    public static TokenChange created(UUID accountId, PersonalAccessTokenBody token, Caller actor) {
        return new TokenChange(TokenEvent.CREATED, accountId, token, actor, null, null, null, false, null);
    }

    /** A change of name, expiry or scopes; only expiry and scopes can refuse a secret. */
    public static TokenChange updated(UUID accountId, PersonalAccessTokenBody token, Caller actor, boolean refusesSecrets) {
        return new TokenChange(TokenEvent.UPDATED, accountId, token, actor, null, null, null, refusesSecrets, null);
    }

    public static TokenChange revoked(UUID accountId, PersonalAccessTokenBody token, Caller actor, RevokeReason reason) {
        return new TokenChange(TokenEvent.REVOKED, accountId, token, actor, reason, null, null, true, null);
    }

    public static TokenChange rotated(UUID accountId, PersonalAccessTokenBody token, Caller actor) {
        return new TokenChange(TokenEvent.ROTATED, accountId, token, actor, null, null, null, true, null);
    }

    public static TokenChange deleted(UUID accountId, PersonalAccessTokenBody token, Caller actor) {
        return new TokenChange(TokenEvent.DELETED, accountId, token, actor, null, null, null, true, null);
    }

    /** A reminder before expiry, or once it passed ({@link #EXPIRED_THRESHOLD}). */
    public static TokenChange reminder(UUID accountId, PersonalAccessTokenBody token, String threshold, Instant remindedExpiry) {
        TokenEvent event = EXPIRED_THRESHOLD.equals(threshold) ? TokenEvent.EXPIRED : TokenEvent.EXPIRING;
        return new TokenChange(event, accountId, token, null, null, threshold, remindedExpiry, false, null);
    }

    /**
     * The inactivity rule revokes the token at {@code deadline} unless it is used before: written
     * once per token and deadline, as reminders are (the deadline in the reminder's expiry column).
     */
    public static TokenChange inactiveSoon(UUID accountId, PersonalAccessTokenBody token, Instant deadline) {
        return new TokenChange(TokenEvent.INACTIVE_SOON, accountId, token, null, null, INACTIVE_SOON_THRESHOLD, deadline, false, null);
    }

    /** The notice comes this long before the inactivity deadline. */
    public static final String INACTIVE_SOON_THRESHOLD = "P7D";

    /** An earlier secret of the token was used after it stopped working; the answer was a refusal. */
    public static TokenChange reuseDetected(UUID accountId, PersonalAccessTokenBody token, String clientAddress) {
        return new TokenChange(TokenEvent.REUSE_DETECTED, accountId, token, null, null, null, null, false, clientAddress);
    }

    public UUID tokenId() {
        return UUID.fromString(token.id());
    }

    public UUID ownerId() {
        return UUID.fromString(token.userId());
    }
}
