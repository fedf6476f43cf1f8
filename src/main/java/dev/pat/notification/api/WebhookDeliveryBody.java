package dev.pat.notification.api;

import dev.pat.notification.model.NotificationDelivery;
import dev.pat.platform.ApiTime;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One event's delivery to a webhook: where it stands and how its last attempt went. */
@Schema(name = "WebhookDelivery")
public record WebhookDeliveryBody(
        String id,
        @Schema(description = "The Webhook-Id header of its attempts") String eventId,
        String event,
        @Schema(enumeration = {"pending", "delivered", "failed"}) String status,
        int attempts,
        @Schema(description = "The receiver's HTTP status of the last attempt; null when it gave none") Integer responseCode,
        @Schema(description = "Why the last attempt failed, when it did") String error,
        Instant createdAt,
        Instant lastAttemptAt,
        @Schema(description = "When it is tried again; null once delivered or failed") Instant nextAttemptAt) {

    public static WebhookDeliveryBody from(NotificationDelivery delivery) {
        return new WebhookDeliveryBody(delivery.id.toString(), delivery.event.id.toString(), delivery.event.event, delivery.status,
                delivery.attempts, delivery.responseCode, delivery.lastError, ApiTime.of(delivery.createdAt),
                ApiTime.of(delivery.lastAttemptAt), ApiTime.of(delivery.nextAttemptAt));
    }
}
