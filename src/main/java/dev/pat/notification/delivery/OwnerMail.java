package dev.pat.notification.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.notification.NotificationConfig;
import dev.pat.notification.repository.DeliveryQueue;
import dev.pat.notification.repository.MailQuota;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The mail a token's owner gets for an event: a subject and plain text made from the event, sent by
 * {@link MailSender} within {@code pat.notifications.email.timeout}, once the recipient's address has
 * a turn left in its quota ({@link MailQuota}); a mail beyond the quota is not sent, and its
 * delivery ends {@code rate_limited}.
 */
@Singleton
public record OwnerMail(MailSender mailer, ObjectMapper mapper, MailQuota quota, NotificationConfig config) {

    Uni<DeliveryOutcome> send(DeliveryQueue.Claimed delivery) {
        JsonNode event;
        try {
            event = mapper.readTree(delivery.payload());
        } catch (IOException e) {
            return Uni.createFrom().item(DeliveryOutcome.givenUp(DeliveryError.UNREADABLE_EVENT));
        }
        JsonNode token = event.path("data");
        String name = token.path("name").asText();
        String subject = switch (event.path("event").asText()) {
            case "token.expiring" -> "Your personal access token \"" + name + "\" expires on " + token.path("expiresAt").asText();
            case "token.expired" -> "Your personal access token \"" + name + "\" has expired";
            case "token.rotated" -> "Your personal access token \"" + name + "\" was rotated";
            case "token.revoked" -> "Your personal access token \"" + name + "\" was revoked";
            case "token.inactive_soon" -> "Your personal access token \"" + name + "\" will be revoked in 7 days unless it is used";
            case "token.reuse_detected" -> "A rotated-away secret of your personal access token \"" + name + "\" was used";
            default -> "Your personal access token \"" + name + "\" changed";
        };
        String text = subject + ".\n\n"
                + "Token: " + name + " (" + token.path("id").asText() + ")\n"
                + "Expires at: " + (token.path("expiresAt").isNull() ? "never" : token.path("expiresAt").asText()) + "\n"
                + (event.hasNonNull("reason") ? "Revoked by: " + event.path("reason").asText() + "\n" : "")
                + "Event: " + event.path("event").asText() + " at " + event.path("createdAt").asText() + "\n\n"
                + "If this was not expected, review your tokens and revoke the ones you do not recognise.\n";
        NotificationConfig.Email settings = config.email();
        return quota.take(delivery.id(), delivery.email(), settings.maxPerRecipient(), settings.recipientPeriod()).flatMap(admitted -> {
            if (!admitted) {
                return Uni.createFrom().item(DeliveryOutcome.givenUp(DeliveryError.RATE_LIMITED));
            }
            return mailer.send(delivery.email(), subject, text)
                    .ifNoItem().after(settings.timeout()).fail()
                    .map(ignored -> DeliveryOutcome.delivered(null))
                    .onFailure().recoverWithItem(failure -> DeliveryOutcome.retry(
                            DeliveryError.isTimeout(failure) ? DeliveryError.TIMEOUT : DeliveryError.MAIL_FAILED));
        });
    }
}
