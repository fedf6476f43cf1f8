package dev.pat.notification.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleUnitTest {

    private final RetrySchedule defaults = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(2), Duration.ofDays(1));

    @Test
    void waitsDoubleUpToTheCeiling() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), defaults.after(1));
        assertEquals(Optional.of(Duration.ofSeconds(60)), defaults.after(2));
        assertEquals(Optional.of(Duration.ofSeconds(120)), defaults.after(3));
        assertEquals(Optional.of(Duration.ofHours(2)), defaults.after(12));
    }

    @Test
    void givesUpOnceTheWaitsWouldExceedADay() {
        int attempts = 1;
        Duration waited = Duration.ZERO;
        while (defaults.after(attempts).isPresent()) {
            waited = waited.plus(defaults.after(attempts).get());
            attempts++;
        }
        assertTrue(waited.compareTo(Duration.ofDays(1)) <= 0, waited::toString);
        assertTrue(waited.compareTo(Duration.ofHours(22)) > 0, "tries for about a day: " + waited);
        assertEquals(19, attempts, "the attempt that fails for good");
    }
}
