package dev.pat.service;

import dev.pat.config.PatConfig;
import dev.pat.repository.DeliveryQueue;
import dev.pat.repository.PersonalAccessTokenRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;

/**
 * The expiry reminders: a scan, every {@code pat.notifications.expiry-scan-interval}, that writes
 * a token.expiring event 7 days and 1 day before a token's expiry and a token.expired event once
 * it has passed, each once per token and expiry. Safe on several replicas at once: the outbox
 * writes a reminder only if it is not there yet. A token created inside a threshold gets that
 * reminder (only the nearest one) at the next scan; one that expired more than
 * {@link #EXPIRED_CATCH_UP} before a scan (a service stopped that long) gets no token.expired.
 * Each scan also deletes the events older than the retention that have nothing left to deliver
 * (a reminder's event is older than its token's expiry by less than the retention, so none is
 * written twice for that).
 */
@Singleton
public class ExpiryReminders {

    public static final String SEVEN_DAYS = "P7D";
    public static final String ONE_DAY = "P1D";
    public static final String EXPIRED = "expired";
    static final Duration EXPIRED_CATCH_UP = Duration.ofDays(7);
    private static final int BATCH = 200;
    private static final int MAX_BATCHES = 50;

    private final PersonalAccessTokenRepository tokens;
    private final DeliveryQueue queue;
    private final Duration retention;
    private final Notifications notifications;
    private final Transactions transactions;
    private final InstantSource clock;
    private final boolean enabled;

    public ExpiryReminders(PersonalAccessTokenRepository tokens, DeliveryQueue queue, Notifications notifications,
            Transactions transactions, InstantSource clock, PatConfig config) {
        this.tokens = tokens;
        this.queue = queue;
        this.retention = config.notifications().retention();
        this.notifications = notifications;
        this.transactions = transactions;
        this.clock = clock;
        this.enabled = config.notifications().workerEnabled();
    }

    @Scheduled(every = "{pat.notifications.expiry-scan-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return scan().onFailure().invoke(failure -> Log.warnf("Expiry scan failed (%s); the next one catches up",
                failure.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Writes every reminder due now, then deletes what the retention no longer keeps; answers how many reminders. */
    public Uni<Integer> scan() {
        Instant now = clock.instant();
        Instant inOneDay = now.plus(Duration.ofDays(1));
        return scan(TokenNotice.EXPIRED, EXPIRED, now.minus(EXPIRED_CATCH_UP), now, MAX_BATCHES)
                .flatMap(expired -> scan(TokenNotice.EXPIRING, ONE_DAY, now, inOneDay, MAX_BATCHES)
                        .flatMap(oneDay -> scan(TokenNotice.EXPIRING, SEVEN_DAYS, inOneDay, now.plus(Duration.ofDays(7)), MAX_BATCHES)
                                .map(sevenDays -> expired + oneDay + sevenDays)))
                .call(() -> queue.purge(retention, now.atOffset(ZoneOffset.UTC)));
    }

    /** One batch in one transaction, then the next while batches come back full. */
    private Uni<Integer> scan(TokenNotice notice, String threshold, Instant after, Instant upTo, int batchesLeft) {
        return transactions.write(() -> tokens.dueForReminder(notice.wireName(), threshold, after, upTo, BATCH).flatMap(due -> {
            Uni<Void> written = Uni.createFrom().voidItem();
            for (var token : due) {
                written = written.call(() -> notifications.reminder(token, threshold));
            }
            return written.replaceWith(due.size());
        })).flatMap(count -> {
            if (count > 0) {
                notifications.committed();
            }
            return count == BATCH && batchesLeft > 1
                    ? scan(notice, threshold, after, upTo, batchesLeft - 1).map(more -> count + more)
                    : Uni.createFrom().item(count);
        });
    }
}
