package dev.pat.notification.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The mail an address may still receive: at most {@code limit} mails per {@code period}, counted in
 * the database (the deliveries' {@code mailed_at}), so the bound holds across every instance and
 * restart. A transaction-scoped advisory lock on the address makes concurrent takes for one address,
 * on any instance, count one after the other; other addresses never wait. A delivery that took its
 * turn keeps it on its retries.
 */
@ApplicationScoped
public class MailQuota {

    private static final String TAKE = """
            update notification_delivery d set mailed_at = coalesce(d.mailed_at, now())
            where d.id = $1 and (d.mailed_at is not null
                or (select count(*) from notification_delivery o
                    where lower(o.email) = $2 and o.mailed_at > now() - make_interval(secs => $3)) < $4)
            """;

    private final Pool pool;

    public MailQuota(Pool pool) {
        this.pool = pool;
    }

    /** Takes a turn for the delivery's mail to {@code address}; false when the address had its share within the period. */
    public Uni<Boolean> take(UUID deliveryId, String address, int limit, Duration period) {
        String normalized = address.strip().toLowerCase(Locale.ROOT);
        return pool.withTransaction(connection -> connection
                .preparedQuery("select 1 from pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("pat.mail-quota:" + normalized))
                .flatMap(locked -> connection.preparedQuery(TAKE)
                        .execute(Tuple.of(deliveryId, normalized, (double) period.toMillis() / 1000, limit)))
                .map(rows -> rows.rowCount() == 1));
    }
}
