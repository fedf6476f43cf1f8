package dev.pat.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox, within the caller's transaction: the event row, a delivery for
 * each active webhook of the account that subscribed to it, and one to the token owner's e-mail
 * when asked, all in one statement. A reminder already written (the same token, event, threshold
 * and expiry) is skipped with all its deliveries, which makes concurrent scans safe. Deliveries
 * carry the database's time, to the microsecond, so that they list in the order they were made.
 */
@ApplicationScoped
public class NotificationOutbox {

    /** One delivery per active webhook of the event's account that subscribes to it, in either statement below. */
    private static final String WEBHOOK_DELIVERIES = """
            hooks as (
                insert into notification_delivery (id, event_id, account_id, webhook_id, created_at, next_attempt_at)
                select gen_random_uuid(), e.id, e.account_id, w.id, now(), now()
                from e join webhook w on w.account_id = e.account_id and w.active and e.event = any (w.events)
                returning 1)
            """;

    /** An event to write. {@code threshold} and {@code tokenExpiresAt} are set for reminders only. */
    public record Event(UUID id, UUID accountId, String event, UUID tokenId, String threshold, Instant tokenExpiresAt,
            Instant createdAt, String payload) {
    }

    static final String ENQUEUE = """
            with e as (
                insert into notification_event (id, account_id, event, token_id, threshold, token_expires_at, created_at, payload)
                values (:id, :account, :event, :token, :threshold, :expiresAt, :createdAt, :payload)
                on conflict (token_id, event, threshold, token_expires_at) where threshold is not null do nothing
                returning id, account_id, event, created_at),
""" + WEBHOOK_DELIVERIES + """
            insert into notification_delivery (id, event_id, account_id, email, created_at, next_attempt_at)
            select gen_random_uuid(), e.id, e.account_id, u.email, now(), now()
            from e join app_user u on u.id = :owner and u.account_id = e.account_id
            where :mail and u.email is not null and u.email <> ''
            """;

    /** Whose address gets a copy of an event, when {@code mail}. */
    public record Recipient(UUID ownerId, boolean mail) {
    }

    /**
     * {@link #ENQUEUE} for many events that are no reminders, in one statement: the rows travel as
     * arrays (one parameter each, whatever their number), unnested side by side.
     */
    static final String ENQUEUE_ALL = """
            with input as (
                select * from unnest(cast(:ids as uuid[]), cast(:accounts as uuid[]), cast(:events as varchar[]),
                                     cast(:tokens as uuid[]), cast(:owners as uuid[]), cast(:payloads as text[]),
                                     cast(:mails as boolean[]))
                    as i (id, account_id, event, token_id, owner_id, payload, mail)),
            e as (
                insert into notification_event (id, account_id, event, token_id, created_at, payload)
                select i.id, i.account_id, i.event, i.token_id, :createdAt, i.payload from input i
                returning id, account_id, event),
""" + WEBHOOK_DELIVERIES + """
            insert into notification_delivery (id, event_id, account_id, email, created_at, next_attempt_at)
            select gen_random_uuid(), e.id, e.account_id, u.email, now(), now()
            from e join input i on i.id = e.id join app_user u on u.id = i.owner_id and u.account_id = e.account_id
            where i.mail and u.email is not null and u.email <> ''
            """;

    /** Events that are no reminders (no threshold, no expiry), with their owners in the same order. */
    public Uni<Void> enqueueAll(List<Event> events, List<Recipient> owners, Instant createdAt) {
        int size = events.size();
        UUID[] ids = new UUID[size];
        UUID[] accounts = new UUID[size];
        String[] names = new String[size];
        UUID[] tokens = new UUID[size];
        UUID[] ownerIds = new UUID[size];
        String[] payloads = new String[size];
        Boolean[] mails = new Boolean[size];
        for (int i = 0; i < size; i++) {
            Event event = events.get(i);
            ids[i] = event.id();
            accounts[i] = event.accountId();
            names[i] = event.event();
            tokens[i] = event.tokenId();
            ownerIds[i] = owners.get(i).ownerId();
            payloads[i] = event.payload();
            mails[i] = owners.get(i).mail();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(ENQUEUE_ALL)
                .setParameter("ids", ids)
                .setParameter("accounts", accounts)
                .setParameter("events", names)
                .setParameter("tokens", tokens)
                .setParameter("owners", ownerIds)
                .setParameter("payloads", payloads)
                .setParameter("mails", mails)
                .setParameter("createdAt", createdAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * @param ownerId  the token's owner, whose address gets a copy when {@code mailOwner}
     */
    public Uni<Void> enqueue(Event event, UUID ownerId, boolean mailOwner) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(ENQUEUE)
                .setParameter("id", event.id())
                .setParameter("account", event.accountId())
                .setParameter("event", event.event())
                .setParameter("token", event.tokenId())
                .setParameter("threshold", event.threshold())
                .setParameter("expiresAt", event.tokenExpiresAt())
                .setParameter("createdAt", event.createdAt())
                .setParameter("payload", event.payload())
                .setParameter("owner", ownerId)
                .setParameter("mail", mailOwner)
                .executeUpdate())
                .replaceWithVoid();
    }
}
