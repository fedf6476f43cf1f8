package dev.pat.service;

import dev.pat.config.PatConfig;
import dev.pat.model.PersonalAccessToken;
import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.repository.UserRepository;
import dev.pat.rest.CreateTokenRequest;
import dev.pat.rest.PersonalAccessTokenBody;
import dev.pat.security.Caller;
import dev.pat.security.TokenSecrets;
import dev.pat.service.ServiceException.FieldError;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Creates a token for the caller and shows its secret, this once. */
@ApplicationScoped
public class CreateTokenService {

    private final PersonalAccessTokenRepository tokens;
    private final UserRepository users;
    private final TokenRules rules;
    private final TokenEvents events;
    private final PatConfig config;
    private final Transactions transactions;

    public CreateTokenService(PersonalAccessTokenRepository tokens, UserRepository users, TokenRules rules,
            TokenEvents events, PatConfig config, Transactions transactions) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.users = users;
        this.rules = rules;
        this.events = events;
        this.config = config;
    }

    public Uni<Versioned<PersonalAccessTokenBody>> create(Caller caller, CreateTokenRequest request) {
        Instant now = Instant.now();
        List<FieldError> errors = new ArrayList<>();
        rules.checkName(request.name(), errors);
        rules.checkExpiry(request.expiresAt(), now, errors);
        Set<String> scopes = rules.checkScopes(request.scopes(), caller, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(errors));
        }
        return transactions.run(() -> users.findWithGraph(caller.accountId(), caller.userId())
                .onItem().ifNull().failWith(() -> ServiceException.forbidden("The caller is not a user of this account"))
                // Locks the owner's row: concurrent creates for one user queue here, so the limit holds.
                .call(owner -> users.getSession().flatMap(session -> session.lock(owner, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)))
                .flatMap(owner -> tokens.countActive(owner.id, now).flatMap(active -> {
                    if (active >= config.tokens().maxActivePerUser()) {
                        return Uni.createFrom().failure(ServiceException.conflict("too_many_tokens",
                                "The user already holds " + active + " active tokens, the most allowed"));
                    }
                    String secret = TokenSecrets.generate();
                    PersonalAccessToken token = new PersonalAccessToken();
                    token.id = Ids.next();
                    token.accountId = caller.accountId();
                    token.user = owner;
                    token.createdAt = now;
                    token.updatedAt = now;
                    token.name = request.name().strip();
                    token.expiresAt = request.expiresAt();
                    token.scopes = scopes.toArray(String[]::new);
                    token.secretDigest = TokenSecrets.digest(secret);
                    return tokens.persistAndFlush(token).map(saved -> new Versioned<>(
                            PersonalAccessTokenBody.withSecret(saved, secret), PersonalAccessTokenBody.etag(saved)));
                })))
                .invoke(created -> events.record(TokenEvents.Event.CREATED, created.body(), caller.accountId()));
    }
}
