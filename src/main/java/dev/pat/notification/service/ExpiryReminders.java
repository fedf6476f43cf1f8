package dev.pat.notification.service;

import dev.pat.notification.NotificationConfig;
import dev.pat.notification.repository.DeliveryQueue;
import dev.pat.platform.Transactions;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.change.TokenEvent;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import dev.pat.token.service.InactiveTokens;
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
public record ExpiryReminders(PersonalAccessTokenRepository tokens, DeliveryQueue queue, TokenChanges changes,
        InactiveTokens inactive, Transactions transactions, InstantSource clock, NotificationConfig config) {

    public static final String SEVEN_DAYS = "P7D";
    public static final String ONE_DAY = "P1D";
    public static final String EXPIRED = TokenChange.EXPIRED_THRESHOLD;
    static final Duration EXPIRED_CATCH_UP = Duration.ofDays(7);
    private static final int BATCH = 200;
    private static final int MAX_BATCHES = 50;

    @Scheduled(every = "{pat.notifications.expiry-scan-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.workerEnabled()) {
            return Uni.createFrom().voidItem();
        }
        return scan().onFailure().invoke(failure -> Log.warnf("Expiry scan failed (%s); the next one catches up",
                failure.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Writes every reminder due now, applies the inactivity rules, then deletes what the retention no longer keeps; answers how many reminders. */
    public Uni<Integer> scan() {
        Instant now = clock.instant();
        Instant inOneDay = now.plus(Duration.ofDays(1));
        return scan(TokenEvent.EXPIRED, EXPIRED, now.minus(EXPIRED_CATCH_UP), now, MAX_BATCHES)
                .flatMap(expired -> scan(TokenEvent.EXPIRING, ONE_DAY, now, inOneDay, MAX_BATCHES)
                        .flatMap(oneDay -> scan(TokenEvent.EXPIRING, SEVEN_DAYS, inOneDay, now.plus(Duration.ofDays(7)), MAX_BATCHES)
                                .map(sevenDays -> expired + oneDay + sevenDays)))
                // The account policies' inactivity rule: its notices, then its revocations.
                .call(inactive::scan)
                .call(() -> queue.purge(config.retention(), now.atOffset(ZoneOffset.UTC)));
    }

    /** One batch in one transaction, then the next while batches come back full. */
    private Uni<Integer> scan(TokenEvent event, String threshold, Instant after, Instant upTo, int batchesLeft) {
        return transactions.write(transaction -> tokens.dueForReminder(event.wireName(), threshold, after, upTo, BATCH)
                // The stored expiry, at the column's precision: the scan compares it with the token's.
                .flatMap(due -> changes.recordAll(transaction, due.stream()
                        .map(token -> TokenChange.reminder(token.accountId, PersonalAccessTokenBody.from(token), threshold, token.expiresAt))
                        .toList()).replaceWith(due.size()))).flatMap(count -> count == BATCH && batchesLeft > 1
                        ? scan(event, threshold, after, upTo, batchesLeft - 1).map(more -> count + more)
                        : Uni.createFrom().item(count));
    }
}
