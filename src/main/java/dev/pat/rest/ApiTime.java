package dev.pat.rest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps in API bodies are whole seconds in UTC, as in the seed ({@code 2019-08-24T14:15:22Z}). */
final class ApiTime {

    private ApiTime() {
    }

    static Instant of(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
