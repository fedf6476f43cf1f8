package dev.pat.service;

import dev.pat.api.IntrospectionBody;
import dev.pat.model.PersonalAccessToken;
import dev.pat.model.StoredArrays;
import dev.pat.repository.PersonalAccessTokenRepository;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;

/**
 * Checks a presented secret: found by the SHA-256 of the secret (a unique index, so no secret is
 * ever compared as a string), not revoked, not expired. The caller is the token's user, with the
 * user's stored role, limited to the token's scopes. After its first check a secret is answered
 * from {@link SecretCache}, which every change that could refuse it empties on every instance.
 */
@ApplicationScoped
public class TokenAuthenticationService {

    /** The caller a secret stands for, the role its user holds, and when the token expires (null: never). */
    public record Authenticated(Caller caller, String role, Instant expiresAt) {
    }

    static final String TOKEN_TYPE = "personal_access_token";

    private final PersonalAccessTokenRepository tokens;
    private final SecretCache cache;
    private final LastUsedTracker lastUsed;
    private final TokenEvents events;
    private final Transactions transactions;
    private final InstantSource clock;

    public TokenAuthenticationService(PersonalAccessTokenRepository tokens, SecretCache cache, LastUsedTracker lastUsed,
            TokenEvents events, Transactions transactions, InstantSource clock) {
        this.tokens = tokens;
        this.cache = cache;
        this.lastUsed = lastUsed;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @param address the client's address, recorded among the token's last ones; null when unknown */
    public Uni<Authenticated> authenticate(String secret, String address) {
        return lookup(TokenSecrets.digest(secret)).map(entry -> {
            Instant now = clock.instant();
            if (entry == null) {
                events.refused(TokenEvents.Refusal.UNKNOWN, null, null, null);
                throw refused();
            }
            if (entry.revoked()) {
                events.refused(TokenEvents.Refusal.REVOKED, entry.tokenId(), entry.userId(), entry.accountId());
                throw refused();
            }
            if (isExpired(entry, now)) {
                events.refused(TokenEvents.Refusal.EXPIRED, entry.tokenId(), entry.userId(), entry.accountId());
                throw refused();
            }
            lastUsed.touch(entry.tokenId(), entry.lastUsedAt(), now, address);
            Caller caller = new Caller(entry.userId(), entry.accountId(), Caller.ADMIN_ROLE.equals(entry.role()), entry.scopes(),
                    entry.tokenId());
            return new Authenticated(caller, entry.role(), entry.expiresAt());
        });
    }

    /**
     * RFC 7662 for resource servers: what an active secret stands for, or exactly "inactive". A
     * platform service may introspect any account's secrets, an account administrator its own
     * account's only; any other secret is inactive to it, like an unknown one. A use of the token.
     */
    public Uni<IntrospectionBody> introspect(Caller caller, String secret) {
        if (secret == null || !TokenSecrets.isWellFormed(secret)) {
            return Uni.createFrom().item(IntrospectionBody.INACTIVE);
        }
        return lookup(TokenSecrets.digest(secret)).map(entry -> {
            Instant now = clock.instant();
            if (entry == null || entry.revoked() || isExpired(entry, now)
                    || !caller.introspector() && !entry.accountId().equals(caller.accountId())) {
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

    /** The secret's token from the cache, or from the database (then remembered); null when there is none. */
    private Uni<SecretCache.Entry> lookup(byte[] digest) {
        String key = HexFormat.of().formatHex(digest);
        SecretCache.Entry cached = cache.get(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long generation = cache.generation();
        return transactions.read(() -> tokens.findBySecretDigest(digest).map(token -> token == null ? null : entry(token, digest)))
                .invoke(entry -> {
                    if (entry != null) {
                        cache.put(key, entry, generation);
                    }
                });
    }

    /** The current secret, or the previous one, which works only until its grace period ends. */
    private static SecretCache.Entry entry(PersonalAccessToken token, byte[] digest) {
        boolean previous = !MessageDigest.isEqual(digest, token.secretDigest);
        Instant expiresAt = token.expiresAt;
        if (previous && (expiresAt == null || token.previousSecretExpiresAt.isBefore(expiresAt))) {
            expiresAt = token.previousSecretExpiresAt;
        }
        Instant issuedAt = previous || token.lastRotatedAt == null ? token.createdAt : token.lastRotatedAt;
        return new SecretCache.Entry(token.id, token.user.id, token.accountId, token.user.role,
                Collections.unmodifiableSet(new LinkedHashSet<>(StoredArrays.values(token.scopes))), expiresAt, token.revoked,
                issuedAt, token.lastUsedAt);
    }

    private static boolean isExpired(SecretCache.Entry entry, Instant now) {
        return entry.expiresAt() != null && !now.isBefore(entry.expiresAt());
    }

    private static AuthenticationFailedException refused() {
        return new AuthenticationFailedException("The personal access token is not valid");
    }
}
