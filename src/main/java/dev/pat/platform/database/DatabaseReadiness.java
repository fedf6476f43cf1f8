package dev.pat.platform.database;

import io.quarkus.logging.Log;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while PostgreSQL answers a trivial query through the pool that serves requests. The
 * body says what is down and nothing more: the driver's message (host names, ports, user names)
 * goes to the log, never to whoever can reach the probe. Replaces the datasource's own check, which
 * publishes that message.
 */
@Singleton
@Readiness
public class DatabaseReadiness implements AsyncHealthCheck {

    private static final String NAME = "Database";

    private final Pool pool;
    private final Duration timeout;

    public DatabaseReadiness(Pool pool, DatabaseConfig config) {
        this.pool = pool;
        this.timeout = config.acquireTimeout().plus(config.connectTimeout());
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(timeout).fail()
                .map(rows -> HealthCheckResponse.named(NAME).up().withData("database", "reachable").build())
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Readiness: the database did not answer: %s", failure.getMessage());
                    return HealthCheckResponse.named(NAME).down().withData("database", "unreachable").build();
                });
    }
}
