package dev.pat.token.service;

import dev.pat.crud.Versioned;
import dev.pat.directory.repository.UserRepository;
import dev.pat.platform.FieldError;
import dev.pat.platform.Ids;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.token.TokenConfig;
import dev.pat.token.TokenSecrets;
import dev.pat.token.api.CreatePersonalAccessToken;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import dev.pat.token.repository.TokenPolicyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Creating a token for the caller: its secret is in the answer, this once, and only its digest is stored. */
@Singleton
public record TokenCreation(PersonalAccessTokenRepository tokens, UserRepository users, TokenPolicyRepository policies, TokenRules rules,
        TokenChanges changes, Transactions transactions, InstantSource clock, TokenConfig config, IdempotentAnswers answers) {

    /**
     * With an Idempotency-Key (the header's value; null without one), a retry of the same body within
     * the window answers the first creation again, its secret included, and creates nothing.
     */
    public Uni<Versioned<PersonalAccessTokenBody>> create(Caller caller, CreatePersonalAccessToken body, String idempotencyKey) {
        return answers.once(caller, idempotencyKey, "create", body, () -> create(caller, body));
    }

    public Uni<Versioned<PersonalAccessTokenBody>> create(Caller caller, CreatePersonalAccessToken body) {
        if (body == null) {
            return Uni.createFrom().failure(ServiceException.invalid("body", "is required"));
        }
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        rules.checkName(body.name(), errors);
        rules.checkExpiry(body.expiresAt(), now, errors);
        Set<String> scopes = rules.checkScopes(body.scopes(), caller, errors);
        List<String> allowedCidrs = rules.checkAllowedCidrs(body.allowedCidrs(), errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(errors));
        }
        rules.checkWithinCredential(caller, body.expiresAt());
        return transactions.write(transaction -> policies.inForce(caller.accountId())
                .invoke(policy -> {
                    // The account's own rules, within the deployment's, which the checks above applied.
                    List<TokenRules.PolicyViolation> violations = new ArrayList<>();
                    rules.checkPolicyExpiry(policy, body.expiresAt(), now, violations);
                    rules.checkPolicyScopes(policy, List.copyOf(scopes), violations);
                    rules.checkPolicyNetworks(policy, allowedCidrs, violations);
                    TokenRules.refuse(violations);
                })
                .chain(() -> users.findInAccount(caller.accountId(), caller.userId()))
                .onItem().ifNull().failWith(() -> ServiceException.forbidden("The caller is not a user of this account"))
                .call(tokens::lockOwner)
                .flatMap(owner -> tokens.countActive(owner.id, now).flatMap(active -> {
                    if (active >= config.maxActivePerUser()) {
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
                    token.name = body.name().strip();
                    token.expiresAt = body.expiresAt();
                    token.scopes = scopes.toArray(String[]::new);
                    token.allowedCidrs = allowedCidrs.toArray(String[]::new);
                    token.secretDigest = TokenSecrets.digest(secret);
                    return tokens.persistAndFlush(token).map(saved -> Versioned.of(PersonalAccessTokenBody.withSecret(saved, secret), saved))
                            .call(created -> changes.record(transaction,
                                    TokenChange.created(caller.accountId(), created.body(), caller)));
                })));
    }
}
