package dev.pat.credential.service;

import dev.pat.security.Caller;
import dev.pat.security.CredentialRefusals;
import dev.pat.token.TokenSecrets;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Checks a secret presented as a bearer credential: known, not revoked, not expired, used from one of
 * its token's allowed networks (when it has any). The caller is
 * the token's user, with the user's stored role, limited to the token's scopes; the use is recorded.
 */
@Singleton
public record SecretAuthentication(SecretLookup lookup, LastUsedTracker lastUsed, ReuseDetection reuse, CredentialRefusals refusals,
        InstantSource clock) {

    /** The caller a secret stands for, the role its user holds, and when the token expires (null: never). */
    public record Authenticated(Caller caller, String role, Instant expiresAt) {
    }

    /** @param address the client's address, recorded among the token's last ones; null when unknown */
    public Uni<Authenticated> authenticate(String secret, String address) {
        return lookup.find(TokenSecrets.digest(secret)).map(entry -> {
            Instant now = clock.instant();
            if (entry == null) {
                refusals.refused(CredentialRefusals.Reason.UNKNOWN);
                throw refused();
            }
            if (entry.revoked()) {
                refusals.refused(CredentialRefusals.Reason.REVOKED, entry.tokenId(), entry.userId(), entry.accountId());
                throw refused();
            }
            if (SecretLookup.isExpired(entry, now)) {
                if (entry.formerSecret()) {
                    reuse.detected(entry, address);
                }
                refusals.refused(CredentialRefusals.Reason.EXPIRED, entry.tokenId(), entry.userId(), entry.accountId());
                throw refused();
            }
            if (!entry.allowsAddress(address)) {
                // Refused like any other refused secret (same 401, same challenge); only the record says why.
                refusals.refused(CredentialRefusals.Reason.ADDRESS_NOT_ALLOWED, entry.tokenId(), entry.userId(), entry.accountId(),
                        address == null ? "unknown" : address);
                throw refused();
            }
            lastUsed.touch(entry.tokenId(), entry.lastUsedAt(), now, address);
            Caller caller = Caller.ofToken(entry.userId(), entry.accountId(), Caller.ADMIN_ROLE.equals(entry.role()), entry.scopes(),
                    entry.tokenId(), entry.expiresAt());
            return new Authenticated(caller, entry.role(), entry.expiresAt());
        });
    }

    private static AuthenticationFailedException refused() {
        return new AuthenticationFailedException("The personal access token is not valid");
    }
}
