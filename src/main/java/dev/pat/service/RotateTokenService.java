package dev.pat.service;

import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.rest.PersonalAccessTokenBody;
import dev.pat.security.Caller;
import dev.pat.security.TokenSecrets;
import dev.pat.service.ServiceException.FieldError;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces a token's secret: same id, a new secret shown once, the old one refused from the
 * commit on (only the new digest is stored).
 */
@ApplicationScoped
public class RotateTokenService {

    private final PersonalAccessTokenRepository tokens;
    private final TokenRules rules;
    private final TokenEvents events;
    private final Transactions transactions;

    public RotateTokenService(PersonalAccessTokenRepository tokens, TokenRules rules, TokenEvents events,
            Transactions transactions) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.rules = rules;
        this.events = events;
    }

    /** @param expiresAt the new expiry; null keeps the current one */
    public Uni<Versioned<PersonalAccessTokenBody>> rotate(Caller caller, String id, Instant expiresAt, String ifMatch) {
        Instant now = Instant.now();
        return transactions.run(() -> TokenLookup.visibleWithGraph(tokens, caller, id).flatMap(token -> {
            IfMatch.check(ifMatch, PersonalAccessTokenBody.etag(token));
            if (token.revoked) {
                throw new ServiceException(ServiceException.Kind.INVALID, "token_revoked", "A revoked token cannot be rotated", null);
            }
            if (token.isExpiredAt(now)) {
                throw new ServiceException(ServiceException.Kind.INVALID, "token_expired", "An expired token cannot be rotated", null);
            }
            if (expiresAt != null) {
                List<FieldError> errors = new ArrayList<>();
                rules.checkExpiry(expiresAt, now, errors);
                TokenRules.throwIfAny(errors);
                token.expiresAt = expiresAt;
            }
            String secret = TokenSecrets.generate();
            token.secretDigest = TokenSecrets.digest(secret);
            token.lastRotatedAt = now;
            token.updatedAt = now;
            return tokens.flush().map(ignored -> new Versioned<>(
                    PersonalAccessTokenBody.withSecret(token, secret), PersonalAccessTokenBody.etag(token)));
        })).invoke(rotated -> events.record(TokenEvents.Event.ROTATED, rotated.body(), caller.accountId()));
    }
}
