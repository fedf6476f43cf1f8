package dev.pat.token.service;

import dev.pat.crud.StoredArrays;
import dev.pat.platform.ApiTime;
import dev.pat.platform.Cidr;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.security.Caller;
import dev.pat.security.Scopes;
import dev.pat.token.ScopeVocabulary;
import dev.pat.token.TokenConfig;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.model.TokenPolicy;
import dev.pat.token.repository.TokenCompliance;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The rules every written token field obeys, shared by create, update and rotate. */
@ApplicationScoped
public class TokenRules {

    static final int MAX_NAME = 200;
    /** Allowed networks per token: enough for a CI system's egress ranges, few enough to check at every use. */
    public static final int MAX_ALLOWED_CIDRS = 20;

    private final TokenConfig config;
    private final ScopeVocabulary vocabulary;

    public TokenRules(TokenConfig config, ScopeVocabulary vocabulary) {
        this.config = config;
        this.vocabulary = vocabulary;
    }

    void checkName(String name, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "must not contain control characters"));
        }
    }

    /** A new expiry lies in the future and within the configured maximum lifetime. */
    void checkExpiry(Instant expiresAt, Instant now, List<FieldError> errors) {
        if (expiresAt == null) {
            if (config.maxLifetime().isPresent()) {
                errors.add(new FieldError("expiresAt", "is required: tokens live at most " + config.maxLifetime().get()));
            }
            return;
        }
        if (!expiresAt.isAfter(now)) {
            errors.add(new FieldError("expiresAt", "must lie in the future"));
        } else if (expiresAt.isAfter(ApiTime.LATEST)) {
            errors.add(new FieldError("expiresAt", "must lie before the year 10000"));
        } else if (config.maxLifetime().isPresent() && expiresAt.isAfter(now.plus(config.maxLifetime().get()))) {
            errors.add(new FieldError("expiresAt", "must lie within " + config.maxLifetime().get() + " from now"));
        }
    }

    /**
     * A token secret cannot give any token an expiry later than its own end, nor none when it has one:
     * a leaked secret must not mint or stretch a credential that outlives it. A JWT is not bound so.
     */
    void checkWithinCredential(Caller caller, Instant expiresAt) {
        Instant end = caller.credentialExpiresAt();
        if (caller.isTokenSecret() && end != null && (expiresAt == null || expiresAt.isAfter(end))) {
            throw ServiceException.forbidden("expiry_beyond_credential", "A token secret cannot give a token an expiry later"
                    + " than its own (" + ApiTime.of(end) + ") or none; use a JWT or a secret that lives longer");
        }
    }

    /**
     * A token secret rotates, re-dates or re-scopes another token only when it holds every scope of
     * that token: it never obtains, nor keeps alive, rights it does not hold.
     */
    void checkHoldsEveryScopeOf(Caller caller, PersonalAccessToken token) {
        if (caller.isTokenSecret() && !caller.tokenId().equals(token.id)
                && !caller.scopes().containsAll(StoredArrays.values(token.scopes))) {
            throw ServiceException.forbidden("insufficient_scope_for_token", "A token secret may rotate, re-date or re-scope"
                    + " only tokens whose every scope it holds");
        }
    }

    /** A token's own secret rotates it only when the token carries {@value Scopes#TOKEN_ROTATE}. */
    void checkSelfRotation(Caller caller, PersonalAccessToken token) {
        if (caller.isTokenSecret() && caller.tokenId().equals(token.id) && !caller.scopes().contains(Scopes.TOKEN_ROTATE)) {
            throw ServiceException.forbidden("self_rotation_not_allowed", "A token's own secret rotates it only when the token"
                    + " carries the " + Scopes.TOKEN_ROTATE + " scope; a JWT or another token of the owner may");
        }
    }

    /**
     * The expiry a rotation keeps: the current one, pulled in to now + the maximum lifetime in force
     * (the deployment's, or the account policy's when shorter) when there is one.
     */
    Instant boundedByMaximumLifetime(Instant expiresAt, Instant now, TokenPolicy policy) {
        Optional<Duration> maximum = maximumLifetime(policy);
        if (maximum.isEmpty()) {
            return expiresAt;
        }
        Instant latest = now.plus(maximum.get());
        return expiresAt == null || expiresAt.isAfter(latest) ? latest : expiresAt;
    }

    /**
     * The networks a secret may be used from, normalised, each once (two spellings of one network
     * are one); null or empty is anywhere. Each bad entry is named by its index.
     */
    List<String> checkAllowedCidrs(List<String> cidrs, List<FieldError> errors) {
        if (cidrs == null || cidrs.isEmpty()) {
            return List.of();
        }
        if (cidrs.size() > MAX_ALLOWED_CIDRS) {
            errors.add(new FieldError("allowedCidrs", "must hold at most " + MAX_ALLOWED_CIDRS + " networks"));
            return List.of();
        }
        Set<String> accepted = new LinkedHashSet<>();
        for (int i = 0; i < cidrs.size(); i++) {
            Optional<Cidr> network = Cidr.parse(cidrs.get(i));
            if (network.isEmpty()) {
                errors.add(new FieldError("allowedCidrs[" + i + "]", "is not an IPv4 or IPv6 network in CIDR notation"
                        + " (such as 10.0.0.0/8 or 2001:db8::/32) nor an address"));
            } else {
                accepted.add(network.get().toString());
            }
        }
        return List.copyOf(accepted);
    }

    /** A rule of the account's token policy that a write would break, and the field that breaks it. */
    record PolicyViolation(String code, FieldError error) {
    }

    /**
     * The account's policy on a new expiry (create, PATCH, rotation), after the deployment's own
     * rules passed: an expiry when the policy requires one or bounds the lifetime, within its days
     * from now. A null policy has no rule.
     */
    void checkPolicyExpiry(TokenPolicy policy, Instant expiresAt, Instant now, List<PolicyViolation> violations) {
        if (policy == null) {
            return;
        }
        if (expiresAt == null) {
            if (policy.requireExpiry || policy.maxLifetimeDays != null) {
                violations.add(new PolicyViolation(EXPIRY_REQUIRED, new FieldError("expiresAt", "is required by the account's token policy")));
            }
        } else if (policy.maxLifetimeDays != null && expiresAt.isAfter(now.plus(Duration.ofDays(policy.maxLifetimeDays)))) {
            violations.add(new PolicyViolation(LIFETIME_EXCEEDS_POLICY, new FieldError("expiresAt", "must lie within "
                    + policy.maxLifetimeDays + " days from now: the account's token policy")));
        }
    }

    /** The account's policy on the scopes a token is given or keeps (create, PATCH, rotation). */
    void checkPolicyScopes(TokenPolicy policy, List<String> scopes, List<PolicyViolation> violations) {
        if (policy == null || policy.allowedScopes == null) {
            return;
        }
        Set<String> allowed = Set.of(policy.allowedScopes);
        for (int i = 0; i < scopes.size(); i++) {
            if (!allowed.contains(scopes.get(i))) {
                violations.add(new PolicyViolation(SCOPE_NOT_ALLOWED, new FieldError("scopes[" + i + "]",
                        "is not allowed by the account's token policy")));
            }
        }
    }

    /** The account's policy on the networks a new token, or a replaced list, names: at least one when it requires so. */
    void checkPolicyNetworks(TokenPolicy policy, List<String> allowedCidrs, List<PolicyViolation> violations) {
        if (policy != null && policy.requireAllowedCidrs && allowedCidrs.isEmpty()) {
            violations.add(new PolicyViolation(ALLOWED_CIDRS_REQUIRED, new FieldError("allowedCidrs",
                    "must name at least one network: the account's token policy")));
        }
    }

    /** A 400 whose code is the first rule broken and whose errors name every field that breaks one. */
    static void refuse(List<PolicyViolation> violations) {
        if (!violations.isEmpty()) {
            throw new ServiceException(ServiceException.Kind.INVALID, violations.get(0).code(),
                    "The account's token policy does not allow this", violations.stream().map(PolicyViolation::error).toList());
        }
    }

    /** The longest lifetime in force for the account: the deployment's maximum, or the policy's when shorter. */
    Optional<Duration> maximumLifetime(TokenPolicy policy) {
        Optional<Duration> deployment = config.maxLifetime();
        if (policy == null || policy.maxLifetimeDays == null) {
            return deployment;
        }
        Duration own = Duration.ofDays(policy.maxLifetimeDays);
        return Optional.of(deployment.filter(max -> max.compareTo(own) < 0).orElse(own));
    }

    /** What an active token must be to comply with the policy now, as the list and the count query it. */
    TokenCompliance compliance(TokenPolicy policy, Instant now) {
        if (policy == null) {
            return new TokenCompliance(now, false, null, new String[0], false);
        }
        String[] disallowed = policy.allowedScopes == null ? new String[0] : vocabulary.all().keySet().stream()
                .filter(scope -> !List.of(policy.allowedScopes).contains(scope)).toArray(String[]::new);
        return new TokenCompliance(now, policy.requireExpiry || policy.maxLifetimeDays != null,
                policy.maxLifetimeDays == null ? null : now.plus(Duration.ofDays(policy.maxLifetimeDays)), disallowed,
                policy.requireAllowedCidrs);
    }

    static final String EXPIRY_REQUIRED = "expiry_required";
    static final String LIFETIME_EXCEEDS_POLICY = "lifetime_exceeds_policy";
    static final String SCOPE_NOT_ALLOWED = "scope_not_allowed";
    static final String ALLOWED_CIDRS_REQUIRED = "allowed_cidrs_required";

    /** Known scopes only, each once; a scoped caller grants no scope it does not hold. */
    Set<String> checkScopes(List<String> scopes, Caller caller, List<FieldError> errors) {
        if (scopes == null) {
            errors.add(new FieldError("scopes", "is required"));
            return Set.of();
        }
        if (scopes.size() > vocabulary.size()) {
            errors.add(new FieldError("scopes", "must hold at most " + vocabulary.size() + " scopes, each once"));
            return Set.of();
        }
        Set<String> accepted = new LinkedHashSet<>();
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            String field = "scopes[" + i + "]";
            if (!vocabulary.contains(scope)) {
                errors.add(new FieldError(field, "is not a known scope; GET /v3/scopes lists them"));
            } else if (!accepted.add(scope)) {
                errors.add(new FieldError(field, "is given twice"));
            } else if (caller.isScoped() && !caller.scopes().contains(scope)) {
                errors.add(new FieldError(field, "cannot be granted by a credential that does not hold it"));
            }
        }
        return accepted;
    }

}
