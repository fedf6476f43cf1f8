package dev.pat.token.service;

import dev.pat.platform.ApiTime;
import dev.pat.platform.FieldError;
import dev.pat.security.Caller;
import dev.pat.token.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The rules every written token field obeys, shared by create, update and rotate. */
@ApplicationScoped
public class TokenRules {

    static final int MAX_NAME = 200;

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

    /** The expiry a rotation keeps: the current one, pulled in to now + the maximum lifetime when there is one. */
    Instant boundedByMaximumLifetime(Instant expiresAt, Instant now) {
        if (config.maxLifetime().isEmpty()) {
            return expiresAt;
        }
        Instant latest = now.plus(config.maxLifetime().get());
        return expiresAt == null || expiresAt.isAfter(latest) ? latest : expiresAt;
    }

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
