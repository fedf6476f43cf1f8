package dev.pat.token.service;

import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.token.ScopeVocabulary;
import dev.pat.token.TokenConfig;
import dev.pat.token.api.TokenPolicyBody;
import dev.pat.token.api.TokenPolicyInput;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import dev.pat.token.repository.TokenPolicyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The account's token policy, read and replaced by its administrators. The deployment's rules stay
 * the ceiling: a policy tightens them, never loosens. Replacing it changes no existing token; the
 * answer counts the active ones that break it, which the token list shows with {@code compliant=false}.
 */
@Singleton
public record TokenPolicies(TokenPolicyRepository policies, PersonalAccessTokenRepository tokens, TokenRules rules,
        ScopeVocabulary vocabulary, TokenConfig config, Transactions transactions, InstantSource clock) {

    /** Ten years: a longer lifetime or inactivity is no rule at all. */
    static final int MAX_DAYS = 3650;

    public Uni<TokenPolicyBody> get(Caller caller) {
        Instant now = clock.instant();
        return transactions.read(() -> policies.of(caller.accountId()).flatMap(policy -> tokens
                .countNonCompliant(caller.accountId(), rules.compliance(policy, now))
                .map(count -> TokenPolicyBody.of(policy, count))));
    }

    /**
     * Replaces the policy and counts, in the same transaction, the tokens that break it: token writes
     * hold the policy's row share-locked, so the count includes every write checked against the
     * policy replaced, and every later write is checked against this one.
     */
    public Uni<TokenPolicyBody> replace(Caller caller, TokenPolicyInput input) {
        if (input == null) {
            return Uni.createFrom().failure(ServiceException.invalid("body", "is required"));
        }
        List<FieldError> errors = new ArrayList<>();
        checkDays("maxLifetimeDays", input.maxLifetimeDays(), errors);
        checkDays("inactivityRevokeDays", input.inactivityRevokeDays(), errors);
        if (input.maxLifetimeDays() != null && config.maxLifetime().isPresent()
                && Duration.ofDays(input.maxLifetimeDays()).compareTo(config.maxLifetime().get()) > 0) {
            errors.add(new FieldError("maxLifetimeDays", "must be at most the deployment's maximum lifetime, "
                    + config.maxLifetime().get() + ": an account's policy tightens the deployment's rules, never loosens them"));
        }
        Set<String> allowed = allowedScopes(input.allowedScopes(), errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(errors));
        }
        Instant now = clock.instant();
        return transactions.write(transaction -> policies.lockForChange(caller.accountId(), now).flatMap(policy -> {
            policy.maxLifetimeDays = input.maxLifetimeDays();
            policy.requireExpiry = Boolean.TRUE.equals(input.requireExpiry());
            policy.allowedScopes = allowed == null ? null : allowed.toArray(String[]::new);
            policy.inactivityRevokeDays = input.inactivityRevokeDays();
            policy.requireAllowedCidrs = Boolean.TRUE.equals(input.requireAllowedCidrs());
            policy.updatedAt = now;
            return policies.flush().chain(() -> tokens.countNonCompliant(caller.accountId(), rules.compliance(policy, now)))
                    .map(count -> TokenPolicyBody.of(policy, count));
        }));
    }

    private static void checkDays(String field, Integer days, List<FieldError> errors) {
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            errors.add(new FieldError(field, "must be a whole number of days from 1 to " + MAX_DAYS + ", or null for no rule"));
        }
    }

    /** Known scopes, each once; null allows every scope. An empty list is refused: no token could be created. */
    private Set<String> allowedScopes(List<String> scopes, List<FieldError> errors) {
        if (scopes == null) {
            return null;
        }
        if (scopes.isEmpty()) {
            errors.add(new FieldError("allowedScopes", "must name at least one scope, or be null to allow every scope"));
            return null;
        }
        if (scopes.size() > vocabulary.size()) {
            errors.add(new FieldError("allowedScopes", "must hold at most " + vocabulary.size() + " scopes, each once"));
            return null;
        }
        Set<String> accepted = new LinkedHashSet<>();
        for (int i = 0; i < scopes.size(); i++) {
            if (!vocabulary.contains(scopes.get(i))) {
                errors.add(new FieldError("allowedScopes[" + i + "]", "is not a known scope; GET /v3/scopes lists them"));
            } else if (!accepted.add(scopes.get(i))) {
                errors.add(new FieldError("allowedScopes[" + i + "]", "is given twice"));
            }
        }
        return accepted;
    }
}
