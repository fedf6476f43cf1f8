package dev.pat.token.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One scope a personal access token may carry, for the forms that create tokens. */
@Schema(name = "Scope")
public record ScopeBody(
        @Schema(description = "The scope as a token carries it", example = "license:read") String name,
        @Schema(description = "What it allows; empty when the deployment gave none") String description) {
}
