package dev.pat.platform.database;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * The request pool, with its pool-level queries ({@code pool.query(..).execute()},
 * {@code pool.preparedQuery(..).execute(..)}) run on a connection leased from it, the way
 * {@code withConnection} runs them.
 *
 * <p>Why: Vert.x SQL client 4.5 (up to 4.5.31 at least, eclipse-vertx/vertx-sql-client#1706) runs a
 * pool-level query in {@code SqlConnectionPool.execute}, which arms a timer of the pool's connection
 * timeout that fails the query's promise, and cancels it only when a connection was acquired. When
 * the acquisition fails (the database refuses connections: stopped, or not there yet at start), the
 * promise is failed at once and the timer, still armed, fails it a second time a few seconds later:
 * {@code IllegalStateException: Result is already complete}, logged at ERROR with its stack by Vert.x
 * for every such query, readiness probes included. A lease ({@code getConnection}) cancels its timer
 * on every outcome, so a query run on one fails once, with the same cause and within the same bound.
 * Everything else is the pool's own.
 */
final class LeasedConnectionPool implements PgPool {

    private final PgPool pool;

    LeasedConnectionPool(PgPool pool) {
        this.pool = pool;
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return new LeasedQuery<>(pool, connection -> connection.query(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return new LeasedPreparedQuery<>(pool, connection -> connection.preparedQuery(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return new LeasedPreparedQuery<>(pool, connection -> connection.preparedQuery(sql, options));
    }

    @Override
    public void getConnection(Handler<AsyncResult<SqlConnection>> handler) {
        pool.getConnection(handler);
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return pool.getConnection();
    }

    @Override
    public <T> void withTransaction(Function<SqlConnection, Future<T>> function, Handler<AsyncResult<T>> handler) {
        pool.withTransaction(function, handler);
    }

    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return pool.withTransaction(function);
    }

    @Override
    public <T> void withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function,
            Handler<AsyncResult<T>> handler) {
        pool.withTransaction(propagation, function, handler);
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
        return pool.withTransaction(propagation, function);
    }

    @Override
    public <T> void withConnection(Function<SqlConnection, Future<T>> function, Handler<AsyncResult<T>> handler) {
        pool.withConnection(function, handler);
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return pool.withConnection(function);
    }

    @Override
    @SuppressWarnings("deprecation")
    public PgPool connectHandler(Handler<SqlConnection> handler) {
        pool.connectHandler(handler);
        return this;
    }

    @Override
    @SuppressWarnings("deprecation")
    public PgPool connectionProvider(Function<Context, Future<SqlConnection>> provider) {
        pool.connectionProvider(provider);
        return this;
    }

    @Override
    public int size() {
        return pool.size();
    }

    @Override
    public void close(Handler<AsyncResult<Void>> handler) {
        pool.close(handler);
    }

    @Override
    public Future<Void> close() {
        return pool.close();
    }

    /** A query that, at each execution, leases a connection, runs on it and gives it back. */
    private static class LeasedQuery<T> implements Query<T> {

        final Pool pool;
        private final Function<SqlConnection, ? extends Query<T>> onConnection;

        LeasedQuery(Pool pool, Function<SqlConnection, ? extends Query<T>> onConnection) {
            this.pool = pool;
            this.onConnection = onConnection;
        }

        @Override
        public Future<T> execute() {
            return pool.withConnection(connection -> onConnection.apply(connection).execute());
        }

        @Override
        public void execute(Handler<AsyncResult<T>> handler) {
            execute().onComplete(handler);
        }

        @Override
        public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new LeasedQuery<>(pool, connection -> onConnection.apply(connection).collecting(collector));
        }

        @Override
        public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new LeasedQuery<>(pool, connection -> onConnection.apply(connection).mapping(mapper));
        }
    }

    /** The same for a prepared query, with its parameters and batches. */
    private static final class LeasedPreparedQuery<T> extends LeasedQuery<T> implements PreparedQuery<T> {

        private final Function<SqlConnection, PreparedQuery<T>> onConnection;

        LeasedPreparedQuery(Pool pool, Function<SqlConnection, PreparedQuery<T>> onConnection) {
            super(pool, onConnection);
            this.onConnection = onConnection;
        }

        @Override
        public Future<T> execute(Tuple parameters) {
            return pool.withConnection(connection -> onConnection.apply(connection).execute(parameters));
        }

        @Override
        public void execute(Tuple parameters, Handler<AsyncResult<T>> handler) {
            execute(parameters).onComplete(handler);
        }

        @Override
        public Future<T> executeBatch(List<Tuple> batch) {
            return pool.withConnection(connection -> onConnection.apply(connection).executeBatch(batch));
        }

        @Override
        public void executeBatch(List<Tuple> batch, Handler<AsyncResult<T>> handler) {
            executeBatch(batch).onComplete(handler);
        }

        @Override
        public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new LeasedPreparedQuery<>(pool, connection -> onConnection.apply(connection).collecting(collector));
        }

        @Override
        public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new LeasedPreparedQuery<>(pool, connection -> onConnection.apply(connection).mapping(mapper));
        }
    }
}
