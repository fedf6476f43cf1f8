package dev.pat.token.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of a bulk revocation. */
@Schema(name = "RevokedPersonalAccessTokens")
public record RevokedPersonalAccessTokensBody(
        @Schema(required = true, description = "How many tokens this request revoked") long revoked) {
}
