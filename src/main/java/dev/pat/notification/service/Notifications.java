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
import java.util.ArrayList;
import java.util.List;
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
        NotificationOutbox.Event event;
        try {
            event = event(change, ApiTime.of(clock.instant()));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return outbox.enqueue(event, change.ownerId(), mailsOwner(change));
    }

    /**
     * Many events in a few statements ({@link NotificationOutbox#enqueueAll}, a chunk at a time); a
     * reminder, written at most once per token, threshold and expiry, goes one by one as before.
     */
    @Override
    public Uni<Void> writeAll(List<TokenChange> changes) {
        if (changes.stream().anyMatch(change -> change.threshold() != null)) {
            return TokenEventOutbox.super.writeAll(changes);
        }
        Instant now = ApiTime.of(clock.instant());
        List<NotificationOutbox.Event> events = new ArrayList<>(changes.size());
        List<NotificationOutbox.Recipient> owners = new ArrayList<>(changes.size());
        try {
            for (TokenChange change : changes) {
                events.add(event(change, now));
                owners.add(new NotificationOutbox.Recipient(change.ownerId(), mailsOwner(change)));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<Void> written = Uni.createFrom().voidItem();
        for (int from = 0; from < events.size(); from += CHUNK) {
            int start = from;
            int end = Math.min(events.size(), from + CHUNK);
            written = written.call(() -> outbox.enqueueAll(events.subList(start, end), owners.subList(start, end), now));
        }
        return written;
    }

    /** Events per statement of a bulk write: a few megabytes of payloads at most. */
    private static final int CHUNK = 1000;

    private boolean mailsOwner(TokenChange change) {
        return mail && change.event().mailed() && change.reason() != RevokeReason.USER_DELETED;
    }

    private NotificationOutbox.Event event(TokenChange change, Instant now) throws JsonProcessingException {
        UUID id = Ids.next();
        String threshold = change.threshold();
        WebhookEventBody body = new WebhookEventBody(id.toString(), change.event().wireName(), now, change.accountId().toString(),
                change.reason() == null ? null : change.reason().wireName(),
                threshold == null || threshold.equals(TokenChange.EXPIRED_THRESHOLD) ? null : threshold, change.clientAddress(),
                change.token().withoutSecret());
        return new NotificationOutbox.Event(id, change.accountId(), change.event().wireName(), change.tokenId(),
                threshold, change.remindedExpiry(), now, mapper.writeValueAsString(body));
    }

    /** After the commit: this instance delivers at once instead of at its next look. */
    @Override
    public void committed() {
        worker.wake();
    }
}
