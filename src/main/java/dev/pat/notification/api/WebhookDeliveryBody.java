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
        @Schema(description = "The class of the receiver's HTTP status at the last attempt (its exact status is in the receiver's"
                + " own log); null when it gave none", enumeration = {"1xx", "2xx", "3xx", "4xx", "5xx"}) String responseClass,
        @Schema(description = "Why the last attempt failed, when it did: the attempt as a whole took too long, the connection was"
                + " refused or failed, the receiver answered with a status other than 2xx, the URL's name or one of its addresses is"
                + " not public (not tried again), the name does not resolve, the webhook is inactive (not tried again)",
                enumeration = {"timeout", "connection_refused", "connection_failed", "http_status", "address_not_allowed", "dns_failure",
                        "webhook_inactive"}) String error,
        Instant createdAt,
        Instant lastAttemptAt,
        @Schema(description = "When it is tried again; null once delivered or failed") Instant nextAttemptAt) {

    public static WebhookDeliveryBody from(NotificationDelivery delivery) {
        return new WebhookDeliveryBody(delivery.id.toString(), delivery.event.id.toString(), delivery.event.event, delivery.status,
                delivery.attempts, statusClass(delivery.responseCode), delivery.lastError, ApiTime.of(delivery.createdAt),
                ApiTime.of(delivery.lastAttemptAt), ApiTime.of(delivery.nextAttemptAt));
    }

    /**
     * "4xx" for 404: what a webhook's owner needs to tell a receiver that refuses from one that fails,
     * without the exact status of whatever answered at that URL (the service calls it from inside the
     * platform's network, and an endpoint that trusts the platform's egress address would answer it
     * what it answers no one else).
     */
    static String statusClass(Integer status) {
        return status == null || status < 100 || status > 599 ? null : status / 100 + "xx";
    }
}
