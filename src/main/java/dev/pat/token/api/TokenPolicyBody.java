package dev.pat.token.api;

import dev.pat.crud.StoredArrays;
import dev.pat.token.model.TokenPolicy;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The account's token policy as GET and PUT answer it, with how many of the account's active tokens
 * break it now: tightening a policy changes no existing token, it lists them
 * ({@code GET /v3/personal-access-tokens?compliant=false}) for the administrator to act on.
 */
@Schema(name = "TokenPolicy")
public record TokenPolicyBody(
        @Schema(description = "Days; null = the deployment's maximum only") Integer maxLifetimeDays,
        boolean requireExpiry,
        @Schema(description = "null = any scope of the vocabulary") List<String> allowedScopes,
        @Schema(description = "Days; null = tokens are never revoked for inactivity") Integer inactivityRevokeDays,
        boolean requireAllowedCidrs,
        @Schema(description = "The account's active tokens (neither revoked nor expired) that break the policy now: no expiry where"
                + " one is required, an expiry beyond now + maxLifetimeDays, or a scope not allowed") long nonCompliantTokens) {

    /** The policy of an account without one: no rule of its own. */
    public static TokenPolicyBody of(TokenPolicy policy, long nonCompliantTokens) {
        if (policy == null) {
            return new TokenPolicyBody(null, false, null, null, false, nonCompliantTokens);
        }
        return new TokenPolicyBody(policy.maxLifetimeDays, policy.requireExpiry,
                policy.allowedScopes == null ? null : StoredArrays.values(policy.allowedScopes), policy.inactivityRevokeDays,
                policy.requireAllowedCidrs, nonCompliantTokens);
    }
}
