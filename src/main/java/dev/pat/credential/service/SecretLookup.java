package dev.pat.credential.service;

import dev.pat.credential.cache.SecretCache;
import dev.pat.crud.StoredArrays;
import dev.pat.platform.Cidr;
import dev.pat.platform.Transactions;
import dev.pat.platform.database.DatabaseFailures;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a presented secret stands for: from {@link SecretCache} after its first check, else from the
 * database by the SHA-256 of the secret (a unique index, so no secret is ever compared as a
 * string), then remembered. A secret a rotation replaced is found too (its token's former secret),
 * so that its use can be told apart from an unknown one. When the database cannot be reached, a
 * secret remembered before may answer within the stale window ({@link SecretCache#stale}).
 */
@Singleton
public record SecretLookup(PersonalAccessTokenRepository tokens, SecretCache cache, Transactions transactions) {

    /** The secret's token, or null when there is none. */
    Uni<SecretCache.Entry> find(byte[] digest) {
        String key = HexFormat.of().formatHex(digest);
        SecretCache.Entry cached = cache.get(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long generation = cache.generation();
        return transactions.read(() -> tokens.findBySecretDigest(digest).flatMap(token -> token != null
                        ? Uni.createFrom().item(entry(token, digest))
                        : tokens.findByFormerSecretDigest(digest).map(former -> former == null ? null : formerEntry(former))))
                .invoke(entry -> {
                    if (entry != null) {
                        cache.put(key, entry, generation);
                    } else {
                        cache.absent(key);
                    }
                })
                .onFailure(DatabaseFailures::isUnavailability).recoverWithUni(failure -> {
                    SecretCache.Entry remembered = cache.stale(key);
                    return remembered != null ? Uni.createFrom().item(remembered) : Uni.createFrom().failure(failure);
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
        return new SecretCache.Entry(token.id, token.user.id, token.accountId, token.user.role, scopes(token), expiresAt,
                token.revoked, issuedAt, token.lastUsedAt, previous, networks(token));
    }

    /** A secret rotated away before: it stopped working when it was replaced (or its grace period ended). */
    private static SecretCache.Entry formerEntry(PersonalAccessTokenRepository.Former former) {
        PersonalAccessToken token = former.token();
        return new SecretCache.Entry(token.id, token.user.id, token.accountId, token.user.role, scopes(token), former.replacedAt(),
                token.revoked, token.createdAt, token.lastUsedAt, true, networks(token));
    }

    private static java.util.Set<String> scopes(PersonalAccessToken token) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(StoredArrays.values(token.scopes)));
    }

    /** A stored value that is no network (written by hand) matches no address: the list stays closed, never open. */
    private static List<Cidr> networks(PersonalAccessToken token) {
        return StoredArrays.values(token.allowedCidrs).stream().map(cidr -> Cidr.parse(cidr).orElse(NOWHERE)).toList();
    }

    private static final Cidr NOWHERE = new Cidr(new byte[0], 0);

    static boolean isExpired(SecretCache.Entry entry, Instant now) {
        return entry.expiresAt() != null && !now.isBefore(entry.expiresAt());
    }
}
