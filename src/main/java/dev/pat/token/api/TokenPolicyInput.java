package dev.pat.token.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /v3/token-policy}: the whole policy, replaced (an absent field is no rule).
 * What the answer shows and nothing else is accepted and ignored, so a body read with GET can be
 * sent back with a change.
 */
@JsonIgnoreProperties({"nonCompliantTokens", "updatedAt"})
@Schema(name = "TokenPolicyInput")
public record TokenPolicyInput(
        @Schema(description = "The longest a new, re-dated or rotated token may live, in days from then; null = the deployment's"
                + " maximum only. At most the deployment's maximum (PAT_TOKENS_MAX_LIFETIME); setting it requires an expiry.",
                minimum = "1") Integer maxLifetimeDays,
        @Schema(description = "Every token needs an expiry") Boolean requireExpiry,
        @Schema(description = "The scopes a token may carry; null = any of the vocabulary (GET /v3/scopes)") List<String> allowedScopes,
        @Schema(description = "A token unused for this many days (counted from its creation when never used) is revoked, after a"
                + " token.inactive_soon event 7 days before; null = never", minimum = "1") Integer inactivityRevokeDays,
        @Schema(description = "Every new token must name the networks it may be used from (allowedCidrs), and a token's list"
                + " may not be emptied (400 allowed_cidrs_required)") Boolean requireAllowedCidrs) {
}
