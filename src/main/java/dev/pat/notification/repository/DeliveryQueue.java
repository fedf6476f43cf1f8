package dev.pat.notification.repository;

import dev.pat.notification.NotificationConfig;
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
 * A claim is fair between accounts (see {@link #CLAIM}). {@code last_attempt_at} is written with the
 * outcome, so a delivery handed back unattempted shows no attempt. Times here are the database's, so
 * every replica shares one clock.
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

    /**
     * Fair claiming. {@code accounts} walks the accounts that have pending deliveries (a skip scan
     * of the account index: one probe per account, whatever their backlogs); {@code turns} takes
     * each one's oldest due deliveries, at most {@code $3}, numbered 1, 2, 3 within the account;
     * {@code picked} locks up to {@code $1} of them, every account's first before anyone's second,
     * oldest first within a turn, skipping what another replica holds. The claim then costs a
     * probe per account with pending deliveries and a few rows each, not a sort of every due row.
     */
    private static final String CLAIM = """
            with recursive accounts as (
                (select account_id from notification_delivery where status = 'pending' order by account_id limit 1)
                union all
                select (select d.account_id from notification_delivery d
                        where d.status = 'pending' and d.account_id > a.account_id order by d.account_id limit 1)
                from accounts a where a.account_id is not null),
            turns as (
                select due.id, due.next_attempt_at, due.turn
                from accounts a cross join lateral (
                    select d.id, d.next_attempt_at, row_number() over (order by d.next_attempt_at, d.id) as turn
                    from notification_delivery d
                    where d.account_id = a.account_id and d.status = 'pending' and d.next_attempt_at <= now()
                    order by d.next_attempt_at, d.id limit $3) due
                where a.account_id is not null),
            picked as (
                select d.id from notification_delivery d join turns t on t.id = d.id
                where d.status = 'pending' and d.next_attempt_at <= now()
                order by t.turn, t.next_attempt_at, t.id
                limit $1
                for update of d skip locked),
            claimed as (
                update notification_delivery d
                set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
                from picked p where d.id = p.id
                returning d.id, d.event_id, d.webhook_id, d.email, d.attempts)
            select c.id, c.event_id, e.event, e.payload, c.attempts, c.webhook_id, w.url, w.secret, coalesce(w.active, false) as active, c.email
            from claimed c join notification_event e on e.id = c.event_id left join webhook w on w.id = c.webhook_id
            """;

    private final Pool pool;
    private final int perAccount;

    public DeliveryQueue(Pool pool, NotificationConfig config) {
        this.pool = pool;
        this.perAccount = Math.max(1, config.batchPerAccount());
    }

    /** Claims up to {@code limit} due deliveries for {@code lease}, at most {@code pat.notifications.batch-per-account} of one account. */
    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) lease.toMillis() / 1000, perAccount)).map(rows -> {
            List<Claimed> claimed = new ArrayList<>();
            for (Row row : rows) {
                claimed.add(new Claimed(row.getUUID("id"), row.getUUID("event_id"), row.getString("event"), row.getString("payload"),
                        row.getInteger("attempts"), row.getUUID("webhook_id"), row.getString("url"), row.getString("secret"),
                        row.getBoolean("active"), row.getString("email")));
            }
            return claimed;
        });
    }

    /**
     * Claimed deliveries that were not attempted (their receiver had no room on this instance): due
     * again after {@code delay}, and the claim does not count as an attempt.
     */
    public Uni<Void> handBack(List<UUID> ids, Duration delay) {
        return pool.preparedQuery("update notification_delivery set attempts = attempts - 1, next_attempt_at = now() + make_interval(secs => $2)"
                + " where id = any($1) and status = 'pending'")
                .execute(Tuple.of(ids.toArray(UUID[]::new), (double) delay.toMillis() / 1000)).replaceWithVoid();
    }

    public Uni<Void> delivered(UUID id, Integer responseCode) {
        return pool.preparedQuery("update notification_delivery set status = 'delivered', response_code = $2, last_error = null,"
                + " last_attempt_at = now(), next_attempt_at = null where id = $1").execute(Tuple.of(id, responseCode)).replaceWithVoid();
    }

    /** The attempt failed; the next one falls due after {@code delay}. */
    public Uni<Void> retry(UUID id, Integer responseCode, String error, Duration delay) {
        return pool.preparedQuery("update notification_delivery set response_code = $2, last_error = $3, last_attempt_at = now(),"
                + " next_attempt_at = now() + make_interval(secs => $4) where id = $1")
                .execute(Tuple.of(id, responseCode, error, (double) delay.toMillis() / 1000)).replaceWithVoid();
    }

    /** The attempt failed and no other will be made. */
    public Uni<Void> failed(UUID id, Integer responseCode, String error) {
        return pool.preparedQuery("update notification_delivery set status = 'failed', response_code = $2, last_error = $3,"
                + " last_attempt_at = now(), next_attempt_at = null where id = $1").execute(Tuple.of(id, responseCode, error)).replaceWithVoid();
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
