package dev.pat.platform.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which database failures mean "unavailable, retry" (503) and which are bugs (500), by SQLSTATE under any wrapping. */
class DatabaseFailuresUnitTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "57P01", "57P03", "57014", "53300", "42P01"})
    void unavailability(String sqlState) {
        assertTrue(DatabaseFailures.isUnavailability(new CompletionException(new RuntimeException(pg(sqlState)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "42601", "22P02", "40001"})
    void bugsAndConflictsAreNot(String sqlState) {
        assertFalse(DatabaseFailures.isUnavailability(new CompletionException(pg(sqlState))));
    }

    /** Seen under load when the database stopped: Hibernate Reactive wrapping the SQL client's closed-connection failure. */
    @Test
    void aCommandOnAClosedConnectionUnderAnyWrapping() {
        Throwable closed = new io.vertx.core.impl.NoStackTraceThrowable("Connection is not active now, current status: CLOSED");
        assertTrue(DatabaseFailures.isUnavailability(new CompletionException(new org.hibernate.HibernateException(closed))));
        assertTrue(DatabaseFailures.isUnavailability(new org.hibernate.HibernateException(
                new io.vertx.core.VertxException("Connection is not active now, current status: CLOSED", true))));
    }

    @Test
    void anUnrelatedFailureIsNot() {
        assertFalse(DatabaseFailures.isUnavailability(new IllegalStateException("boom")));
    }

    private static PgException pg(String sqlState) {
        return new PgException("message", "ERROR", sqlState, null);
    }
}
