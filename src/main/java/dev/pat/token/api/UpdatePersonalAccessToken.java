package dev.pat.token.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Documents the body of {@code PATCH /v3/personal-access-tokens/{id}}; the endpoint reads it as a
 * JSON object so that absent fields stay unchanged and any other field is refused.
 */
@JsonIgnoreProperties({"id", "createdAt", "updatedAt", "userId", "user", "lastUsedAt", "lastRotatedAt", "token"})
@Schema(name = "UpdatePersonalAccessToken")
public record UpdatePersonalAccessToken(
        @Schema(maxLength = 200) String name,
        @Schema(description = "true revokes the token; a revoked token cannot be restored") Boolean revoked,
        @Schema(description = "A future instant, or null for never") Instant expiresAt,
        List<String> scopes) {
}
