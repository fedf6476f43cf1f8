package dev.pat.credential.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The feed's heartbeat keeps its connection from being closed as dead, whatever the settings say. */
class TokenChangeFeedUnitTest {

    @Test
    void aHeartbeatWellWithinTheDeadConnectionTimeoutIsKept() {
        assertEquals(Duration.ofSeconds(2), TokenChangeFeed.heartbeatPeriod(Duration.ofSeconds(2), 10_000));
        assertEquals(Duration.ofSeconds(5), TokenChangeFeed.heartbeatPeriod(Duration.ofSeconds(5), 10_000));
        assertEquals(Duration.ofHours(1), TokenChangeFeed.heartbeatPeriod(Duration.ofHours(1), 0), "no dead-connection timeout");
    }

    @Test
    void aHeartbeatTooSlowForTheDeadConnectionTimeoutBeatsTwicePerTimeout() {
        assertEquals(Duration.ofSeconds(5), TokenChangeFeed.heartbeatPeriod(Duration.ofHours(1), 10_000));
        assertEquals(Duration.ofSeconds(5), TokenChangeFeed.heartbeatPeriod(Duration.ofSeconds(10), 10_000));
        assertEquals(Duration.ofMillis(1500), TokenChangeFeed.heartbeatPeriod(Duration.ofSeconds(6), 3_000));
    }
}
