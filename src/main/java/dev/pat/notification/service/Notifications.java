package dev.pat.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.notification.NotificationConfig;
import dev.pat.notification.api.WebhookEventBody;
import dev.pat.notification.delivery.DeliveryWorker;
import dev.pat.notification.repository.NotificationOutbox;
import dev.pat.platform.ApiTime;
import dev.pat.platform.Ids;
import dev.pat.token.change.RevokeReason;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenEventOutbox;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Puts token events into the outbox, inside the transaction of the change they tell of: a change
 * that rolls back leaves no event, and a change never commits without its event. The payload is
 * written once, as the exact bytes every receiver gets and every signature covers.
 */
@Singleton
public class Notifications implements TokenEventOutbox {

    private final NotificationOutbox outbox;
    private final ObjectMapper mapper;
    private final InstantSource clock;
    private final DeliveryWorker worker;
    private final boolean mail;

    public Notifications(NotificationOutbox outbox, ObjectMapper mapper, InstantSource clock, DeliveryWorker worker,
            NotificationConfig config) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.clock = clock;
        this.worker = worker;
        this.mail = config.email().enabled();
    }

    /**
     * The event row, a delivery per subscribed webhook, and a mail to the owner for the events the
     * owner is told of (not for a revocation by deleting the user). A reminder is written once per
     * token, threshold and expiry however often it is asked.
     */
    @Override
    public Uni<Void> write(TokenChange change) {
        UUID id = Ids.next();
        Instant now = ApiTime.of(clock.instant());
        String threshold = change.threshold();
        WebhookEventBody body = new WebhookEventBody(id.toString(), change.event().wireName(), now, change.accountId().toString(),
                change.reason() == null ? null : change.reason().wireName(),
                threshold == null || threshold.equals(TokenChange.EXPIRED_THRESHOLD) ? null : threshold, change.clientAddress(),
                change.token().withoutSecret());
        String payload;
        try {
            payload = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        boolean mailOwner = mail && change.event().mailed() && change.reason() != RevokeReason.USER_DELETED;
        return outbox.enqueue(new NotificationOutbox.Event(id, change.accountId(), change.event().wireName(), change.tokenId(),
                threshold, change.remindedExpiry(), now, payload), change.ownerId(), mailOwner);
    }

    /** After the commit: this instance delivers at once instead of at its next look. */
    @Override
    public void committed() {
        worker.wake();
    }
}
