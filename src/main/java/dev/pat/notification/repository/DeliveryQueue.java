package dev.pat.notification.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The delivery worker's side of the outbox, in plain SQL on the reactive pool, each call its own
 * statement. A claim takes due deliveries with {@code FOR UPDATE SKIP LOCKED} and, in the same
 * statement, moves their next attempt past a lease: another replica's claim skips them while they
 * are locked and finds them not due after, so no two replicas make the same attempt. A replica
 * that dies mid-attempt leaves the delivery to be claimed again when the lease ends (at least once).
 * Times here are the database's, so every replica shares one clock.
 */
@ApplicationScoped
public class DeliveryQueue {

    /** A claimed delivery: where it goes, what it carries, and how many attempts (this one included) it has had. */
    public record Claimed(UUID id, UUID eventId, String event, String payload, int attempts, UUID webhookId, String url,
            String secret, boolean webhookActive, String email) {
    }

    /** What the outbox holds that is still to be delivered. */
    public record Depth(long pending, double oldestPendingSeconds) {
    }

    private static final String CLAIM = """
            with claimed as (
                update notification_delivery d
                set attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => $2)
                where d.id in (select id from notification_delivery
                               where status = 'pending' and next_attempt_at <= now()
                               order by next_attempt_at limit $1 for update skip locked)
                returning d.id, d.event_id, d.webhook_id, d.email, d.attempts)
            select c.id, c.event_id, e.event, e.payload, c.attempts, c.webhook_id, w.url, w.secret, coalesce(w.active, false) as active, c.email
            from claimed c join notification_event e on e.id = c.event_id left join webhook w on w.id = c.webhook_id
            """;

    private final Pool pool;

    public DeliveryQueue(Pool pool) {
        this.pool = pool;
    }

    /** Claims up to {@code limit} due deliveries for {@code lease}. */
    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) lease.toMillis() / 1000)).map(rows -> {
            List<Claimed> claimed = new ArrayList<>();
            for (Row row : rows) {
                claimed.add(new Claimed(row.getUUID("id"), row.getUUID("event_id"), row.getString("event"), row.getString("payload"),
                        row.getInteger("attempts"), row.getUUID("webhook_id"), row.getString("url"), row.getString("secret"),
                        row.getBoolean("active"), row.getString("email")));
            }
            return claimed;
        });
    }

    public Uni<Void> delivered(UUID id, Integer responseCode) {
        return pool.preparedQuery("update notification_delivery set status = 'delivered', response_code = $2, last_error = null,"
                + " next_attempt_at = null where id = $1").execute(Tuple.of(id, responseCode)).replaceWithVoid();
    }

    /** The attempt failed; the next one falls due after {@code delay}. */
    public Uni<Void> retry(UUID id, Integer responseCode, String error, Duration delay) {
        return pool.preparedQuery("update notification_delivery set response_code = $2, last_error = $3,"
                + " next_attempt_at = now() + make_interval(secs => $4) where id = $1")
                .execute(Tuple.of(id, responseCode, error, (double) delay.toMillis() / 1000)).replaceWithVoid();
    }

    /** The attempt failed and no other will be made. */
    public Uni<Void> failed(UUID id, Integer responseCode, String error) {
        return pool.preparedQuery("update notification_delivery set status = 'failed', response_code = $2, last_error = $3,"
                + " next_attempt_at = null where id = $1").execute(Tuple.of(id, responseCode, error)).replaceWithVoid();
    }

    public Uni<Depth> depth() {
        return pool.query("select count(*) as pending, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest"
                + " from notification_delivery where status = 'pending'").execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Depth(row.getLong("pending"), Math.max(0, row.getDouble("oldest")));
                });
    }

    /** Deletes events older than {@code retention} (with their deliveries) that have nothing pending. */
    public Uni<Integer> purge(Duration retention, OffsetDateTime now) {
        return pool.preparedQuery("delete from notification_event e where e.created_at < $1 and not exists"
                + " (select 1 from notification_delivery d where d.event_id = e.id and d.status = 'pending')")
                .execute(Tuple.of(now.minus(retention))).map(rows -> rows.rowCount());
    }
}
