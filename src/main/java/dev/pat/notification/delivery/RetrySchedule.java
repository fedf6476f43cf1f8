package dev.pat.notification.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed delivery is tried again: the first wait, doubled after each failure up to a
 * ceiling, for as long as the waits add up to at most the retry period. Worked out from the
 * number of attempts alone, so every replica agrees without storing a schedule.
 */
public record RetrySchedule(Duration firstDelay, Duration maxDelay, Duration retryFor) {

    /** The wait after the attempt numbered {@code attempts} (1 for the first) failed, or empty when it was the last. */
    public Optional<Duration> after(int attempts) {
        Duration waited = Duration.ZERO;
        Duration next = Duration.ZERO;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            next = delay(attempt);
            waited = waited.plus(next);
        }
        return waited.compareTo(retryFor) <= 0 ? Optional.of(next) : Optional.empty();
    }

    private Duration delay(int attempt) {
        Duration delay = firstDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) < 0 ? delay : maxDelay;
    }
}
