package dev.pat.notification.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The writable fields of a webhook, for create and (merged with the current values) update. */
@JsonIgnoreProperties({"id", "createdAt", "updatedAt"})
@Schema(name = "WebhookInput")
public record WebhookInput(
        @Schema(description = "http or https, on a public address: loopback, private and other internal addresses and names"
                + " (single labels, *.svc, *.internal, ...) are refused") @NotBlank @Size(max = 2000) String url,
        @Schema(description = "token.created, token.expiring, token.expired, token.revoked, token.rotated, token.deleted")
        @NotEmpty @Size(max = 10) List<@NotBlank String> events,
        @Schema(description = "The HMAC-SHA256 key, 16 to 200 characters; generated when absent", writeOnly = true)
        @Size(min = 16, max = 200) String secret,
        @Schema(description = "Deliveries are made while true (the default)") Boolean active) {
}
