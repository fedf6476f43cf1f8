package dev.pat.credential.service;

import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transactions;
import dev.pat.token.TokenSecrets;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.RevokeReason;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Revokes the tokens whose secrets a scanner found exposed (GitHub's credential-revocation idea):
 * anyone may report, so the answer is the same whatever the strings were, and only a well-formed
 * secret with a valid checksum that belongs to an active token revokes anything: its current
 * secret, the one a rotation's grace period keeps working, or an earlier one its family remembers
 * (a leak of any of them means the owner's copies may be compromised). Nobody is the actor.
 */
@Singleton
public record LeakedTokenService(PersonalAccessTokenRepository tokens, TokenChanges changes, Transactions transactions,
        InstantSource clock) {

    public static final int MAX_CREDENTIALS = 1000;

    public Uni<Void> revoke(List<String> credentials) {
        if (credentials == null) {
            throw ServiceException.invalid(List.of(new FieldError("credentials", "is required")));
        }
        if (credentials.size() > MAX_CREDENTIALS) {
            throw ServiceException.invalid(List.of(new FieldError("credentials", "must hold at most " + MAX_CREDENTIALS + " entries")));
        }
        Map<String, byte[]> digests = new LinkedHashMap<>();
        for (String credential : credentials) {
            if (credential != null && TokenSecrets.isWellFormed(credential)) {
                digests.putIfAbsent(credential, TokenSecrets.digest(credential));
            }
        }
        if (digests.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return transactions.write(transaction -> tokens.findActiveByAnySecretDigest(new ArrayList<>(digests.values()), now)
                .call(found -> {
                    found.forEach(token -> {
                        token.revoked = true;
                        token.updatedAt = now;
                    });
                    return tokens.flush();
                })
                .flatMap(found -> changes.recordAll(transaction, found.stream()
                        .map(token -> TokenChange.revoked(token.accountId, PersonalAccessTokenBody.from(token), null, RevokeReason.LEAKED))
                        .toList())));
    }
}
