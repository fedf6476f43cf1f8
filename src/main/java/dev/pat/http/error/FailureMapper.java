package dev.pat.http.error;

import dev.pat.platform.database.DatabaseConfig;
import dev.pat.platform.database.DatabaseFailures;
import dev.pat.platform.database.DatabaseOutages;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure nothing else mapped: the database away, overloaded or too slow (503 with
 * Retry-After, never a hang), a concurrent writer that got there first (409, or 412 for a version
 * that moved), and otherwise a bug (500, logged; the body never carries a stack trace, a class name
 * or a driver message).
 */
@Singleton
public class FailureMapper {

    private final long retryAfterSeconds;
    private final DatabaseOutages outages;

    public FailureMapper(DatabaseConfig config, DatabaseOutages outages) {
        this.retryAfterSeconds = Math.max(1, config.retryAfter().toSeconds());
        this.outages = outages;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(Throwable e) {
        if (DatabaseFailures.isUnavailability(e)) {
            return unavailable(e);
        }
        if (causedBy(e, jakarta.persistence.OptimisticLockException.class) || causedBy(e, org.hibernate.StaleStateException.class)) {
            // Two writers passed If-Match on the same version; the row's version check stopped the second.
            return ErrorResponses.json(412, new ErrorBody("The resource has changed since the version given in If-Match",
                    "precondition_failed"));
        }
        if (DatabaseFailures.is(e, DatabaseFailures.UNIQUE_VIOLATION) || DatabaseFailures.is(e, DatabaseFailures.FOREIGN_KEY_VIOLATION)) {
            // A concurrent write got there first (a duplicate, or a row referenced or removed meanwhile).
            return ErrorResponses.json(409, new ErrorBody("The request conflicts with a concurrent change; retry", "conflict"));
        }
        Log.errorf(e, "Unexpected failure");
        return ErrorResponses.json(500, new ErrorBody("Unexpected error", "internal_error"));
    }

    /** The database is down, overloaded or too slow: a clear, retryable answer. */
    RestResponse<ErrorBody> unavailable(Throwable e) {
        outages.refused(DatabaseFailures.unavailability(e), e);
        return RestResponse.ResponseBuilder.<ErrorBody>create(503)
                .entity(new ErrorBody("The database is unavailable; retry later", "service_unavailable"))
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
