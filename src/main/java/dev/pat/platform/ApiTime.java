package dev.pat.platform;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps in API bodies are whole seconds in UTC, as in the seed ({@code 2019-08-24T14:15:22Z}). */
public final class ApiTime {

    /** PostgreSQL's timestamptz cannot hold every Instant; the API accepts the years 1 to 9999. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private ApiTime() {
    }

    public static Instant of(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
