package dev.pat.notification.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pat.crud.StoredArrays;
import dev.pat.notification.model.Webhook;
import dev.pat.platform.ApiTime;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A webhook as the API shows it; {@code secret} only in the answer to the create. */
@Schema(name = "Webhook")
public record WebhookBody(
        String id,
        Instant createdAt,
        Instant updatedAt,
        String url,
        List<String> events,
        boolean active,
        @Schema(description = "The HMAC-SHA256 key of the Webhook-Signature header; in the answer to the create only")
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    public static WebhookBody from(Webhook webhook) {
        return new WebhookBody(webhook.id.toString(), ApiTime.of(webhook.createdAt), ApiTime.of(webhook.updatedAt), webhook.url,
                StoredArrays.values(webhook.events), webhook.active, null);
    }

    public WebhookBody withSecret(String secret) {
        return new WebhookBody(id, createdAt, updatedAt, url, events, active, secret);
    }
}
