package dev.pat.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.api.ApiTime;
import dev.pat.api.PersonalAccessTokenBody;
import dev.pat.api.WebhookEventBody;
import dev.pat.config.PatConfig;
import dev.pat.model.PersonalAccessToken;
import dev.pat.repository.NotificationOutbox;
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
public class Notifications {

    /** Why a token was revoked, as a token.revoked event says. */
    public enum RevokeReason {
        OWNER, ADMINISTRATOR, LEAKED, USER_DELETED;

        String wireName() {
            return name().toLowerCase();
        }
    }

    private final NotificationOutbox outbox;
    private final ObjectMapper mapper;
    private final InstantSource clock;
    private final DeliveryWorker worker;
    private final boolean mail;

    public Notifications(NotificationOutbox outbox, ObjectMapper mapper, InstantSource clock, DeliveryWorker worker, PatConfig config) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.clock = clock;
        this.worker = worker;
        this.mail = config.notifications().email().enabled();
    }

    /** Within the change's transaction: the token (as the API shows it now) was created, rotated or deleted. */
    public Uni<Void> changed(TokenNotice notice, UUID accountId, PersonalAccessTokenBody token) {
        return write(notice, accountId, token, null, null, null);
    }

    /** Within the change's transaction: the token was revoked, and why. */
    public Uni<Void> revoked(UUID accountId, PersonalAccessTokenBody token, RevokeReason reason) {
        return write(TokenNotice.REVOKED, accountId, token, reason.wireName(), null, null);
    }

    /**
     * Within the scan's transaction: a reminder ({@code P7D}, {@code P1D} before expiry, or
     * {@code expired}); written once for each token, threshold and expiry however often it is asked.
     */
    public Uni<Void> reminder(PersonalAccessToken token, String threshold) {
        TokenNotice notice = threshold.equals(ExpiryReminders.EXPIRED) ? TokenNotice.EXPIRED : TokenNotice.EXPIRING;
        // The stored expiry, at the column's precision: the scan compares it with the token's.
        return write(notice, token.accountId, PersonalAccessTokenBody.from(token), null, threshold, token.expiresAt);
    }

    /** After the commit: this instance delivers at once instead of at its next look. */
    public void committed() {
        worker.wake();
    }

    private Uni<Void> write(TokenNotice notice, UUID accountId, PersonalAccessTokenBody token, String reason, String threshold,
            Instant expiresAt) {
        UUID id = Ids.next();
        Instant now = ApiTime.of(clock.instant());
        WebhookEventBody body = new WebhookEventBody(id.toString(), notice.wireName(), now, accountId.toString(), reason,
                threshold == null || threshold.equals(ExpiryReminders.EXPIRED) ? null : threshold, token.withoutSecret());
        String payload;
        try {
            payload = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        boolean mailOwner = mail && notice.mailed() && !RevokeReason.USER_DELETED.wireName().equals(reason);
        return outbox.enqueue(new NotificationOutbox.Event(id, accountId, notice.wireName(), UUID.fromString(token.id()), threshold,
                expiresAt, now, payload), UUID.fromString(token.userId()), mailOwner);
    }
}
