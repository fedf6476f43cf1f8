package dev.pat.service;

import dev.pat.model.PersonalAccessToken;
import dev.pat.model.StoredArrays;
import dev.pat.repository.PersonalAccessTokenRepository;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;

/**
 * Checks a presented secret: found by the SHA-256 of the secret (a unique index, so no secret is
 * ever compared as a string), not revoked, not expired. The caller is the token's user, with the
 * user's stored role, limited to the token's scopes.
 */
@ApplicationScoped
public class TokenAuthenticationService {

    /** The caller a secret stands for, and the role its user holds. */
    public record Authenticated(Caller caller, String role) {
    }

    private final PersonalAccessTokenRepository tokens;
    private final LastUsedTracker lastUsed;
    private final TokenEvents events;
    private final Transactions transactions;
    private final InstantSource clock;

    public TokenAuthenticationService(PersonalAccessTokenRepository tokens, LastUsedTracker lastUsed, TokenEvents events,
            Transactions transactions, InstantSource clock) {
        this.transactions = transactions;
        this.clock = clock;
        this.tokens = tokens;
        this.lastUsed = lastUsed;
        this.events = events;
    }

    public Uni<Authenticated> authenticate(String secret) {
        return transactions.read(() -> tokens.findBySecretDigest(TokenSecrets.digest(secret)).map(token -> {
            Instant now = clock.instant();
            if (token == null) {
                events.refused(TokenEvents.Refusal.UNKNOWN, null, null, null);
                throw refused();
            }
            if (token.revoked) {
                events.refused(TokenEvents.Refusal.REVOKED, token.id, token.user.id, token.accountId);
                throw refused();
            }
            if (token.isExpiredAt(now)) {
                events.refused(TokenEvents.Refusal.EXPIRED, token.id, token.user.id, token.accountId);
                throw refused();
            }
            lastUsed.touch(token, now);
            return new Authenticated(caller(token), token.user.role);
        }));
    }

    private static Caller caller(PersonalAccessToken token) {
        return new Caller(token.user.id, token.accountId, Caller.ADMIN_ROLE.equals(token.user.role),
                Set.copyOf(StoredArrays.values(token.scopes)), token.id);
    }

    private static AuthenticationFailedException refused() {
        return new AuthenticationFailedException("The personal access token is not valid");
    }
}
