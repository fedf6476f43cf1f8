package dev.pat.platform.database;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;

/**
 * Runs the Flyway migrations at start, and keeps trying in the background while the database is
 * unreachable, so that the service starts (liveness UP) during a database outage and becomes
 * ready by itself once the schema is in place. Readiness reports DOWN with the reason until then.
 *
 * <p>The log tells it in a few lines however long it lasts: a WARN at the first failed attempt and
 * whenever the reason changes (refused, then a wrong password, say), the repeats at DEBUG, and an
 * INFO when the schema is finally in place.
 */
@Singleton
@Readiness
public class SchemaMigration implements HealthCheck {

    private final Flyway flyway;
    private final DatabaseConfig config;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "schema-migration");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean migrated;
    /** Touched by one thread at a time: the start, then the retry thread. */
    private String lastReason;
    private int failedAttempts;

    public SchemaMigration(Flyway flyway, DatabaseConfig config) {
        this.flyway = flyway;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!migrate()) {
            long interval = config.migrationRetryInterval().toMillis();
            retries.scheduleWithFixedDelay(() -> {
                if (!migrated && migrate()) {
                    retries.shutdown();
                }
            }, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        retries.shutdownNow();
    }

    private boolean migrate() {
        try {
            flyway.migrate();
            migrated = true;
            if (failedAttempts > 0) {
                Log.infof("Database schema migrated after %d failed attempts", failedAttempts);
            }
            return true;
        } catch (RuntimeException e) {
            if (retries.isShutdown()) {
                // Stopping: the attempt was interrupted, which says nothing about the database.
                return false;
            }
            failedAttempts++;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
            if (reason.equals(lastReason)) {
                Log.debugf("Database schema not migrated yet (attempt %d): %s", failedAttempts, reason);
            } else {
                Log.warnf("Database schema not migrated yet (will retry every %d ms; readiness is DOWN until then): %s",
                        config.migrationRetryInterval().toMillis(), reason);
                lastReason = reason;
            }
            return false;
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Database schema")
                .status(migrated)
                .withData("migrated", migrated)
                // What is down, never the driver's message: that is in the log.
                .withData("reason", migrated ? "up to date" : "database unavailable, migration pending")
                .build();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
