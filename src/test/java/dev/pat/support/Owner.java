package dev.pat.support;

import java.util.UUID;

/**
 * A user row of an account and that user's real signed JWT: the arrangement most tests start from,
 * made in one line by {@link Fixtures#owner()} or {@link Fixtures#administrator()}. The user has no
 * organization and no reseller; the JWT carries the user's role and no scope.
 */
public record Owner(UUID accountId, UUID userId, String role, String jwt) {

    /** A JWT of the same user limited to the space-separated scopes. */
    public String scoped(String scope) {
        return Jwts.scoped(accountId, userId, scope, role);
    }
}
