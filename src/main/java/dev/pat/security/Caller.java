package dev.pat.security;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the user and account (tenant) a credential stands for, whether it acts as an
 * administrator of the account, the scopes it is limited to, and the personal access token it
 * came with, if any.
 *
 * @param scopes the credential's scopes; {@code null} when the credential carries none and is
 *               limited by its role only
 * @param tokenId the personal access token that authenticated the call; {@code null} for a JWT
 * @param introspector a platform service's JWT (group {@code introspector}): it may introspect the
 *                     tokens of any account
 * @param credentialExpiresAt when the token secret that authenticated the call stops working;
 *                            {@code null} for a JWT or a secret that never expires
 */
public record Caller(UUID userId, UUID accountId, boolean admin, Set<String> scopes, UUID tokenId, boolean introspector,
        Instant credentialExpiresAt) {

    public static final String INTROSPECTOR_ROLE = "introspector";

    /** A caller that is not a platform service allowed to introspect any account's tokens. */
    public Caller(UUID userId, UUID accountId, boolean admin, Set<String> scopes, UUID tokenId) {
        this(userId, accountId, admin, scopes, tokenId, false, null);
    }

    /** A JWT's caller. */
    public static Caller ofJwt(UUID userId, UUID accountId, boolean admin, Set<String> scopes, boolean introspector) {
        return new Caller(userId, accountId, admin, scopes, null, introspector, null);
    }

    /** A token secret's caller: the token's user, limited to the token's scopes, until the secret's end. */
    public static Caller ofToken(UUID userId, UUID accountId, boolean admin, Set<String> scopes, UUID tokenId, Instant expiresAt) {
        return new Caller(userId, accountId, admin, scopes, tokenId, false, expiresAt);
    }

    /** Whether a token secret authenticated the call (then it may not outlive or out-rank itself). */
    public boolean isTokenSecret() {
        return tokenId != null;
    }

    public static final String ADMIN_ROLE = "admin";

    public boolean isScoped() {
        return scopes != null;
    }

    /** True when an unscoped credential calls, or a scoped one holds one of the given scopes. */
    public boolean holdsAny(String... wanted) {
        if (scopes == null) {
            return true;
        }
        for (String scope : wanted) {
            if (scopes.contains(scope)) {
                return true;
            }
        }
        return false;
    }

    public boolean mayAccessUser(UUID ownerId) {
        return admin || userId.equals(ownerId);
    }
}
