package dev.pat.token.repository;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What an active token (neither revoked nor expired at {@code now}) must be to comply with its
 * account's policy, as a query condition: an expiry when one is required, an expiry no later than
 * {@code latestExpiry} (the longest lifetime the policy lets a token have from now), and no scope
 * among {@code disallowedScopes} (the vocabulary less the allowed ones), and at least one allowed
 * network when {@code networksRequired}.
 *
 * @param latestExpiry     null when the policy bounds no lifetime
 * @param disallowedScopes empty when the policy allows every scope
 */
public record TokenCompliance(Instant now, boolean expiryRequired, Instant latestExpiry, String[] disallowedScopes,
        boolean networksRequired) {

    /** Active tokens that break a rule, on the alias; bound through {@link #parameters}. */
    public String nonCompliant(String alias) {
        return active(alias) + " and (" + violation(alias) + ")";
    }

    /** Active tokens that break none. */
    public String compliant(String alias) {
        return active(alias) + " and not (" + violation(alias) + ")";
    }

    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("complianceNow", now);
        if (latestExpiry != null) {
            parameters.put("complianceLatest", latestExpiry);
        }
        if (disallowedScopes.length > 0) {
            parameters.put("complianceDisallowed", disallowedScopes);
        }
        return parameters;
    }

    private static String active(String alias) {
        return alias + ".revoked = false and (" + alias + ".expiresAt is null or " + alias + ".expiresAt > :complianceNow)";
    }

    private String violation(String alias) {
        StringBuilder violation = new StringBuilder("1 = 0");
        if (expiryRequired) {
            violation.append(" or ").append(alias).append(".expiresAt is null");
        }
        if (latestExpiry != null) {
            violation.append(" or ").append(alias).append(".expiresAt > :complianceLatest");
        }
        if (disallowedScopes.length > 0) {
            // The pattern the list's tag filters use: the column's array first, the bound one second.
            violation.append(" or array_intersects(").append(alias).append(".scopes, :complianceDisallowed)");
        }
        if (networksRequired) {
            // PostgreSQL's array_length of an empty array is null, not 0.
            violation.append(" or coalesce(array_length(").append(alias).append(".allowedCidrs), 0) = 0");
        }
        return violation.toString();
    }
}
