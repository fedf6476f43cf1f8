package dev.pat.token.api;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** When and from where a token was last used; apart from the token body, which keeps the seed's fields. */
@Schema(name = "TokenUsage")
public record TokenUsageBody(
        @Schema(description = "The last recorded use, in whole seconds; null when never used") Instant lastUsedAt,
        @Schema(description = "The five most recent distinct client addresses, newest first") List<String> lastUsedIps) {
}
