package dev.pat.platform.database;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * Bounds every wait on the database, which the Quarkus datasource settings do not all expose:
 * the wait for a pooled connection and the time to open one. With them, a request during an
 * outage or a pool exhaustion ends in a 503 instead of hanging. Also keeps long statements
 * prepared (see {@link #PREPARED_STATEMENT_SQL_LIMIT}), and runs the pool's own queries on a leased
 * connection, where a refused connection fails them once (see {@link LeasedConnectionPool}).
 */
@Singleton
public class PoolOptionsCustomizer implements PgPoolCreator {

    /**
     * The longest SQL the client keeps prepared (Vert.x' default is 2,048 characters). A longer
     * statement, such as a list page's graphs, was sent unnamed and planned again at every
     * execution, which under load took as long as running it (4.2 ms against 4.1).
     */
    static final int PREPARED_STATEMENT_SQL_LIMIT = 16_384;

    private final DatabaseConfig config;

    public PoolOptionsCustomizer(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        input.poolOptions()
                .setConnectionTimeout((int) config.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        input.pgConnectOptionsList().forEach(options -> options
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_SQL_LIMIT));
        Pool pool = PgBuilder.pool()
                .with(input.poolOptions())
                .connectingTo(java.util.List.<io.vertx.sqlclient.SqlConnectOptions>copyOf(input.pgConnectOptionsList()))
                .using(input.vertx())
                .build();
        // Quarkus takes the pool as a PgPool, which the PostgreSQL builder's pool is.
        return new LeasedConnectionPool((PgPool) pool);
    }
}
