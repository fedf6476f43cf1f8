package dev.pat.rest;

import dev.pat.service.DatabaseErrors;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.concurrent.TimeoutException;

/** Tells a failure caused by the database being unreachable, overloaded or too slow from a bug. */
final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    static boolean causedBy(Throwable failure) {
        String sqlState = DatabaseErrors.sqlState(failure);
        if (sqlState != null && unavailable(sqlState)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.smallrye.mutiny.CompositeException composite
                    && composite.getCauses().stream().anyMatch(DatabaseUnavailable::causedBy)) {
                return true;
            }
            // Connection resets and other socket errors: the only sockets a request's work uses are the database's.
            if (cause instanceof java.io.IOException || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException || cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
                return true;
            }
            String name = cause.getClass().getName();
            // Vert.x reports pool and connect timeouts with stackless exceptions of internal classes.
            if (name.startsWith("io.vertx.") && (name.contains("Timeout") || name.contains("Closed"))) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && name.startsWith("io.vertx.") && (message.contains("Connection refused")
                    || message.contains("Timeout") || message.contains("closed"))) {
                return true;
            }
        }
        return false;
    }

    /** Connection exceptions (08), shutdowns and crashes (57P0x), statement timeout (57014), too many connections (53300). */
    private static boolean unavailable(String sqlState) {
        return sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.equals("57014") || sqlState.equals("53300");
    }
}
