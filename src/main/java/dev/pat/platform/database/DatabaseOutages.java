package dev.pat.platform.database;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The story of a database outage in a few log lines, whatever the load: one WARN when a request
 * first finds the database gone (with the cause), a summary every {@link #SUMMARY_INTERVAL} while it
 * stays away (how many requests were refused), one INFO when a request is served again. Only a
 * request that began after the latest refusal proves the database back: while it goes down, requests
 * already under way on connections not closed yet still succeed, and must not end the outage. Every
 * refused request is counted in {@code pat_database_refused_total{cause}}.
 */
@ApplicationScoped
public class DatabaseOutages {

    static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(30);

    private static final class Outage {
        final Instant since;
        final AtomicLong refused = new AtomicLong();
        final AtomicLong lastSummaryMillis;
        /** {@link System#nanoTime()} of the latest refusal. */
        final AtomicLong lastRefusalNanos = new AtomicLong();

        Outage(Instant since) {
            this.since = since;
            this.lastSummaryMillis = new AtomicLong(since.toEpochMilli());
        }
    }

    private final AtomicReference<Outage> current = new AtomicReference<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final InstantSource clock;

    public DatabaseOutages(MeterRegistry registry, InstantSource clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A request answered 503 because of the database. */
    public void refused(String cause, Throwable failure) {
        refused(cause, failure, System.nanoTime());
    }

    void refused(String cause, Throwable failure, long nowNanos) {
        refusals.computeIfAbsent(cause, kind -> Counter.builder("pat.database.refused")
                .description("Requests answered 503 because the database was unavailable, by cause")
                .tag("cause", kind).register(registry)).increment();
        Instant now = clock.instant();
        Outage outage = current.get();
        if (outage == null) {
            Outage started = new Outage(now);
            started.lastRefusalNanos.set(nowNanos);
            if (current.compareAndSet(null, started)) {
                started.refused.incrementAndGet();
                Log.warnf("Database unavailable (%s): requests answer 503 until it is back. Cause: %s", cause, describe(failure));
                return;
            }
            outage = current.get();
            if (outage == null) {
                return;
            }
        }
        outage.lastRefusalNanos.accumulateAndGet(nowNanos, (a, b) -> b - a > 0 ? b : a);
        long refused = outage.refused.incrementAndGet();
        long last = outage.lastSummaryMillis.get();
        if (now.toEpochMilli() - last >= SUMMARY_INTERVAL.toMillis() && outage.lastSummaryMillis.compareAndSet(last, now.toEpochMilli())) {
            Log.warnf("Database still unavailable after %d s: %d requests refused so far",
                    Duration.between(outage.since, now).toSeconds(), refused);
        }
    }

    /**
     * A request that began at {@code startedNanos} ({@link System#nanoTime()}) was served: if an outage
     * was going on and no request was refused since that one began, it is over. One volatile read otherwise.
     */
    public void served(long startedNanos) {
        Outage outage = current.get();
        if (outage != null && startedNanos - outage.lastRefusalNanos.get() > 0 && current.compareAndSet(outage, null)) {
            Log.infof("Database back after %d s; %d requests were refused with 503 meanwhile",
                    Duration.between(outage.since, clock.instant()).toSeconds(), outage.refused.get());
        }
    }

    /** Whether an outage is going on, as far as requests tell. */
    boolean inOutage() {
        return current.get() != null;
    }

    /** The failure's type and message, and its innermost cause's: enough to tell what went away, without a stack. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? outer : outer + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
