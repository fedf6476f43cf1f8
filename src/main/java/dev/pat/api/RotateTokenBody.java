package dev.pat.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The optional body of {@code POST /v3/personal-access-tokens/{id}/rotate}. */
@Schema(name = "RotatePersonalAccessToken")
public record RotateTokenBody(
        @Schema(description = "The new expiry; absent keeps the current one") Instant expiresAt) {
}
