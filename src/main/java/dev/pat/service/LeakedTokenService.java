package dev.pat.service;

import dev.pat.api.FieldError;
import dev.pat.api.PersonalAccessTokenBody;
import dev.pat.model.PersonalAccessToken;
import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.repository.TokenChangeChannel;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Revokes the tokens whose secrets a scanner found exposed (GitHub's credential-revocation idea):
 * anyone may report, so the answer is the same whatever the strings were, and only a well-formed
 * secret with a valid checksum that matches an active token revokes anything.
 */
@ApplicationScoped
public class LeakedTokenService {

    public static final int MAX_CREDENTIALS = 1000;

    private record Revoked(UUID tokenId, UUID userId, UUID accountId) {
    }

    private final PersonalAccessTokenRepository tokens;
    private final TokenChangeChannel changes;
    private final SecretCache secrets;
    private final TokenEvents events;
    private final Transactions transactions;
    private final InstantSource clock;
    private final Notifications notifications;

    public LeakedTokenService(PersonalAccessTokenRepository tokens, TokenChangeChannel changes, SecretCache secrets,
            TokenEvents events, Transactions transactions, InstantSource clock, Notifications notifications) {
        this.notifications = notifications;
        this.tokens = tokens;
        this.changes = changes;
        this.secrets = secrets;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

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
        return transactions.write(() -> tokens.findActiveBySecretDigests(new ArrayList<>(digests.values()), now)
                .flatMap(found -> {
                    List<Revoked> revoked = new ArrayList<>();
                    Uni<Void> notices = Uni.createFrom().voidItem();
                    for (PersonalAccessToken token : found) {
                        token.revoked = true;
                        token.updatedAt = now;
                        revoked.add(new Revoked(token.id, token.user.id, token.accountId));
                        notices = notices.call(() -> changes.tokenChanged(token.id))
                                .call(() -> notifications.revoked(token.accountId, PersonalAccessTokenBody.from(token),
                                        Notifications.RevokeReason.LEAKED));
                    }
                    Uni<Void> all = notices;
                    return tokens.flush().call(() -> all).replaceWith(revoked);
                }))
                .invoke(revoked -> {
                    revoked.forEach(token -> {
                        secrets.dropToken(token.tokenId());
                        events.leaked(token.tokenId(), token.userId(), token.accountId());
                    });
                    notifications.committed();
                })
                .replaceWithVoid();
    }
}
