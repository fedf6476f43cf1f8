package dev.pat.notification.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.pat.token.api.PersonalAccessTokenBody;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a webhook receives: the event, and the token as the API shows it (never its secret).
 * Written by the service's ObjectMapper, not by a REST method, hence registered for a native image.
 */
@RegisterForReflection
@Schema(name = "WebhookEvent")
@JsonPropertyOrder({"id", "event", "createdAt", "accountId", "reason", "threshold", "clientAddress", "data"})
public record WebhookEventBody(
        String id,
        @Schema(enumeration = {"token.created", "token.expiring", "token.expired", "token.revoked", "token.rotated", "token.deleted",
                "token.reuse_detected", "token.inactive_soon"})
        String event,
        Instant createdAt,
        String accountId,
        @Schema(description = "token.revoked only: who or what revoked it",
                enumeration = {"owner", "administrator", "leaked", "user_deleted", "bulk", "inactive"})
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        @Schema(description = "token.expiring only: how long before expiresAt the reminder is (P7D or P1D);"
                + " token.inactive_soon: P7D, how long before the account's inactivity rule revokes the token unless it is used")
        @JsonInclude(JsonInclude.Include.NON_NULL) String threshold,
        @Schema(description = "token.reuse_detected only: the client address the earlier secret came from, when known")
        @JsonInclude(JsonInclude.Include.NON_NULL) String clientAddress,
        PersonalAccessTokenBody data) {
}
