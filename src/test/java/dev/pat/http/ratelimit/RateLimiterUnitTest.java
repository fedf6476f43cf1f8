package dev.pat.http.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ControlledClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The token buckets on a clock the test moves, and the bound on what they remember. */
class RateLimiterUnitTest {

    private final ControlledClock clock = new ControlledClock().freezeAt(Instant.parse("2031-05-01T10:00:02.5Z"));

    @Test
    void aBurstOfTheCapacityThenOneRequestPerRefillInterval() {
        RateLimiter.Limit limit = limiter(5, Duration.ofSeconds(30), 1_000).identity();
        for (int i = 4; i >= 0; i--) {
            RateLimiter.Decision decision = limit.acquire("k");
            assertTrue(decision.allowed());
            assertEquals(i, decision.remaining());
        }
        RateLimiter.Decision refused = limit.acquire("k");
        assertFalse(refused.allowed());
        assertEquals(6, refused.retryAfterSeconds(), "one token comes back every 30 s / 5");
        assertEquals(30, refused.resetSeconds(), "full again after a whole period");
        assertEquals(clock.instant().plusSeconds(30), refused.reset());

        clock.advance(Duration.ofSeconds(5));
        assertFalse(limit.acquire("k").allowed(), "not yet: 5 s of 6");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limit.acquire("k").allowed());
        assertTrue(limit.acquire("other").allowed(), "each key has its own bucket");
    }

    @Test
    void thereIsNoWindowEdgeToBurstAcross() {
        RateLimiter.Limit limit = limiter(5, Duration.ofSeconds(30), 1_000).identity();
        int allowed = 0;
        // Two "windows" of a fixed-window limiter meet in the middle of these 2 seconds.
        for (int i = 0; i < 20; i++) {
            allowed += limit.acquire("k").allowed() ? 1 : 0;
            clock.advance(Duration.ofMillis(100));
        }
        assertEquals(5, allowed);
    }

    @Test
    void aMillionDistinctKeysAreRememberedNoMoreThanTheBound() {
        RateLimiter.Limit limit = limiter(50, Duration.ofSeconds(5), 10_000).address();
        for (int i = 0; i < 1_000_000; i++) {
            limit.acquire("key-" + i);
        }
        long tracked = limit.tracked();
        assertTrue(tracked <= 10_000, () -> tracked + " keys remembered");
    }

    private RateLimiter limiter(int requests, Duration period, int maxTracked) {
        return new RateLimiter(new RateLimitConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int addressRequests() {
                return requests;
            }

            @Override
            public Duration addressPeriod() {
                return period;
            }

            @Override
            public int identityRequests() {
                return requests;
            }

            @Override
            public Duration identityPeriod() {
                return period;
            }

            @Override
            public int leakedReportRequests() {
                return requests;
            }

            @Override
            public Duration leakedReportPeriod() {
                return period;
            }

            @Override
            public int maxTracked() {
                return maxTracked;
            }
        }, clock);
    }
}
