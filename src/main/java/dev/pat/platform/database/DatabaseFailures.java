package dev.pat.platform.database;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.concurrent.TimeoutException;

/**
 * The one classifier of database failures, under whatever layers Hibernate Reactive, Mutiny and
 * Vert.x wrap them in: by SQLSTATE, and by the types the reactive client throws (never by the text
 * of a message). It tells a refusal a caller caused (a unique or foreign key violation) from the
 * database being unreachable, overloaded or too slow, and that from a bug.
 */
public final class DatabaseFailures {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";

    /** Vert.x's internal stackless failure, which its SQL client raises for a command on a closed connection. */
    private static final String NO_STACK_TRACE_THROWABLE = "io.vertx.core.impl.NoStackTraceThrowable";

    private DatabaseFailures() {
    }

    /** Whether PostgreSQL refused the statement with this SQLSTATE. */
    public static boolean is(Throwable failure, String sqlState) {
        return sqlState.equals(sqlState(failure));
    }

    /** The SQLSTATE PostgreSQL answered, or null when the failure did not come from it. */
    public static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof io.vertx.pgclient.PgException pg) {
                return pg.getSqlState();
            }
            if (cause instanceof org.hibernate.JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
        }
        return null;
    }

    /** Whether the database being unavailable is why the work failed. */
    public static boolean isUnavailability(Throwable failure) {
        return unavailability(failure) != null;
    }

    /** connection, timeout, pool, shutdown, capacity or schema; null when the database is not the reason. */
    public static String unavailability(Throwable failure) {
        String sqlState = sqlState(failure);
        if (sqlState != null) {
            String kind = kind(sqlState);
            if (kind != null) {
                return kind;
            }
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof io.smallrye.mutiny.CompositeException composite) {
                for (Throwable part : composite.getCauses()) {
                    String kind = unavailability(part);
                    if (kind != null) {
                        return kind;
                    }
                }
            }
            if (cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
                return "pool";
            }
            if (cause instanceof TimeoutException || isVertx(cause) && cause.getClass().getSimpleName().contains("Timeout")) {
                // Pool acquisition and connect timeouts: Vert.x reports them with stackless internal classes.
                return "timeout";
            }
            // Connection resets and other socket errors: the only sockets a request's work uses are the database's.
            if (cause instanceof java.io.IOException || cause instanceof ClosedConnectionException
                    || isVertx(cause) && cause.getClass().getSimpleName().contains("Closed")
                    // The SQL client's own failure of a command on a connection that is gone
                    // ("connection is not active now"), which Hibernate Reactive wraps.
                    || cause.getClass() == VertxException.class || NO_STACK_TRACE_THROWABLE.equals(cause.getClass().getName())) {
                return "connection";
            }
        }
        return null;
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }

    private static boolean isVertx(Throwable cause) {
        return cause.getClass().getName().startsWith("io.vertx.");
    }

    /**
     * Connection exceptions (08), shutdowns and crashes (57P0x), statement timeout (57014),
     * insufficient resources such as too many connections (53), and an undefined table (42P01):
     * the background migration has not created the schema yet.
     */
    private static String kind(String sqlState) {
        if (sqlState.startsWith("08")) {
            return "connection";
        }
        if (sqlState.startsWith("57P")) {
            return "shutdown";
        }
        if (sqlState.equals("57014")) {
            return "timeout";
        }
        if (sqlState.startsWith("53")) {
            return "capacity";
        }
        return sqlState.equals("42P01") ? "schema" : null;
    }
}
