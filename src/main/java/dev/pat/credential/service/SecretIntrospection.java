package dev.pat.credential.service;

import dev.pat.credential.api.IntrospectionBody;
import dev.pat.platform.Cidr;
import dev.pat.platform.ServiceException;
import dev.pat.security.Caller;
import dev.pat.security.CredentialRefusals;
import dev.pat.token.TokenSecrets;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;

/**
 * RFC 7662 for resource servers: what an active secret stands for, or exactly "inactive". A
 * platform service may introspect any account's secrets, an account administrator its own
 * account's only; any other secret is inactive to it, like an unknown one. A use of the token.
 */
@Singleton
public record SecretIntrospection(SecretLookup lookup, LastUsedTracker lastUsed, ReuseDetection reuse, CredentialRefusals refusals,
        InstantSource clock) {

    static final String TOKEN_TYPE = "personal_access_token";

    /**
     * @param clientIp the address the resource server saw the secret come from, or null; a token with
     *                 allowed networks is active only for an address inside them, so without one it is
     *                 inactive (fail closed: a resource server that does not say cannot be told yes)
     */
    public Uni<IntrospectionBody> introspect(Caller caller, String secret, String clientIp) {
        if (clientIp != null && Cidr.addressBytes(clientIp).isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid("client_ip", "is not an IPv4 or IPv6 address"));
        }
        if (secret == null || !TokenSecrets.isWellFormed(secret)) {
            return Uni.createFrom().item(IntrospectionBody.INACTIVE);
        }
        return lookup.find(TokenSecrets.digest(secret)).map(entry -> {
            Instant now = clock.instant();
            if (entry != null && !entry.revoked() && entry.formerSecret() && SecretLookup.isExpired(entry, now)) {
                // Presented by a resource server for a client: a use all the same (the client's address is not known here).
                reuse.detected(entry, null);
            }
            if (entry == null || entry.revoked() || SecretLookup.isExpired(entry, now)
                    || !caller.introspector() && !entry.accountId().equals(caller.accountId())) {
                return IntrospectionBody.INACTIVE;
            }
            if (!entry.allowsAddress(clientIp)) {
                refusals.refused(CredentialRefusals.Reason.ADDRESS_NOT_ALLOWED, entry.tokenId(), entry.userId(), entry.accountId(),
                        clientIp == null ? "unknown" : clientIp);
                return IntrospectionBody.INACTIVE;
            }
            // The address is the resource server's, not the token holder's: none is recorded.
            lastUsed.touch(entry.tokenId(), entry.lastUsedAt(), now, null);
            return new IntrospectionBody(true, String.join(" ", entry.scopes()), entry.userId().toString(),
                    entry.accountId().toString(), entry.tokenId().toString(), entry.role(),
                    entry.expiresAt() == null ? null : entry.expiresAt().getEpochSecond(), entry.issuedAt().getEpochSecond(),
                    TOKEN_TYPE);
        });
    }
}
