package dev.pat.platform.database;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bounds every wait on the database, which the Quarkus datasource settings do not all expose: the
 * wait for a pooled connection, the time to open one, and the time a connection may answer nothing
 * before it is closed ({@link DatabaseConfig#deadConnectionTimeout()}). With them, a request during
 * an outage, a pool exhaustion or on a connection that died silently ends in a 503 instead of
 * hanging. Also keeps long statements prepared (see {@link #PREPARED_STATEMENT_SQL_LIMIT}), runs the
 * pool's own queries on a leased connection, where a refused connection fails them once (see
 * {@link LeasedConnectionPool}), and hands the options it connects with (address, credentials, TLS)
 * to the service's connections of its own, so that they connect exactly as the pool does.
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
    private volatile PgConnectOptions connectOptions;

    public PoolOptionsCustomizer(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        input.poolOptions()
                .setConnectionTimeout((int) config.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        // A pooled connection idle for the dead-connection timeout would be closed as dead, possibly
        // just as a request takes it (a 503 on a healthy database): the pool retires it before that.
        long idleLimit = config.deadConnectionTimeout().toMillis() / 2;
        long idle = input.poolOptions().getIdleTimeoutUnit().toMillis(input.poolOptions().getIdleTimeout());
        if (idle <= 0 || idle > idleLimit) {
            input.poolOptions().setIdleTimeout((int) idleLimit).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        input.pgConnectOptionsList().forEach(options -> options
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_SQL_LIMIT)
                .setTcpKeepAlive(true)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setReadIdleTimeout((int) config.deadConnectionTimeout().toMillis()));
        connectOptions = new PgConnectOptions(input.pgConnectOptionsList().get(0));
        Pool pool = PgBuilder.pool()
                .with(input.poolOptions())
                .connectingTo(List.<SqlConnectOptions>copyOf(input.pgConnectOptionsList()))
                .using(input.vertx())
                .build();
        // Quarkus takes the pool as a PgPool, which the PostgreSQL builder's pool is.
        return new LeasedConnectionPool((PgPool) pool);
    }

    /** A copy of the options the pool connects with, once it was created; null before. */
    public PgConnectOptions connectOptions() {
        PgConnectOptions options = connectOptions;
        return options == null ? null : new PgConnectOptions(options);
    }
}
