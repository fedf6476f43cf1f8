package dev.pat.token.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /v3/personal-access-tokens/revocations}: which of the account's active
 * tokens to revoke (every given condition must hold; at least one is required) and why.
 */
@Schema(name = "RevokePersonalAccessTokens")
public record RevokePersonalAccessTokens(
        @Schema(description = "Tokens of this user") String userId,
        @Schema(description = "Tokens of the users of this organization") String organizationId,
        @Schema(description = "Tokens created before this instant") Instant createdBefore,
        @Schema(description = "Tokens not used since this instant: last used before it, or never used and created before it")
        Instant lastUsedBefore,
        @Schema(description = "Tokens that carry this scope") String scope,
        @Schema(maxLength = 500, description = "Why, for the audit trail (free text, no control characters)") String reason) {
}
