package dev.pat.rest;

import dev.pat.service.DatabaseErrors;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure caused by the database being unreachable, overloaded or too slow from a bug, by
 * the types the reactive client throws and by SQLSTATE, under whatever layers wrap them (never by
 * the text of a message). Answers the kind of unavailability, for the log and the metric.
 */
final class DatabaseUnavailable {

    /** Vert.x's internal stackless failure, which its SQL client raises for a command on a closed connection. */
    private static final String NO_STACK_TRACE_THROWABLE = "io.vertx.core.impl.NoStackTraceThrowable";

    private DatabaseUnavailable() {
    }

    static boolean causedBy(Throwable failure) {
        return cause(failure) != null;
    }

    /** connection, timeout, pool, shutdown, capacity or schema; null when the database is not the reason. */
    static String cause(Throwable failure) {
        String sqlState = DatabaseErrors.sqlState(failure);
        if (sqlState != null) {
            String kind = kind(sqlState);
            if (kind != null) {
                return kind;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.smallrye.mutiny.CompositeException composite) {
                for (Throwable part : composite.getCauses()) {
                    String kind = cause(part);
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
