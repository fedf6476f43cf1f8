package dev.pat.reliability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.TestClock;
import dev.pat.support.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Past the limit a credential gets 429 with the X-Rate-Limit headers; other credentials are
 * unaffected; once the window has passed the credential is served again. The service's clock is
 * frozen by the test and moved by it, so nothing depends on where the wall clock stands: each case
 * runs at the start, the middle and the last millisecond of a window.
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimit.class)
class RateLimitTest {

    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final long START_OF_A_WINDOW = Instant.parse("2031-05-01T10:00:00Z").toEpochMilli();

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pat.rate-limit.enabled", "true", "pat.rate-limit.requests", "5", "pat.rate-limit.window", "PT30S");
        }
    }

    @Inject
    TestClock clock;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    /** Offsets into a window, in milliseconds: its first, one in the middle, its last. */
    @ParameterizedTest
    @ValueSource(longs = {0, 12_345, 29_999})
    void theSixthRequestOfACredentialInAWindowIsRefused(long offset) {
        clock.freezeAt(Instant.ofEpochMilli(START_OF_A_WINDOW + offset));
        String jwt = TestJwt.admin(UUID.randomUUID(), UUID.randomUUID());
        for (int i = 1; i <= 5; i++) {
            Response response = get(jwt);
            assertEquals(404, response.statusCode());
            assertEquals("5", response.header("X-Rate-Limit-Limit"));
            assertEquals(String.valueOf(5 - i), response.header("X-Rate-Limit-Remaining"));
        }
        Response refused = get(jwt);
        assertEquals(429, refused.statusCode());
        assertEquals("rate_limited", refused.jsonPath().getString("code"));
        assertEquals("5", refused.header("X-Rate-Limit-Limit"));
        assertEquals("0", refused.header("X-Rate-Limit-Remaining"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        long untilNextWindow = (WINDOW.toMillis() - offset + 999) / 1000;
        assertEquals(untilNextWindow, retryAfter, "Retry-After is the time left in the window, in whole seconds");
        assertEquals(String.valueOf(retryAfter), refused.header("X-Rate-Limit-Reset"));

        String other = TestJwt.admin(UUID.randomUUID(), UUID.randomUUID());
        assertEquals(404, get(other).statusCode(), "another credential has its own count");

        clock.advance(Duration.ofSeconds(retryAfter));
        Response again = get(jwt);
        assertEquals(404, again.statusCode(), "served again once Retry-After has passed");
        assertEquals("4", again.header("X-Rate-Limit-Remaining"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 29_999})
    void anonymousCallsAreCountedPerAddress(long offset) {
        // Whole days later: the same place in a window, but a window of its own for each case,
        // since the address is the same in every case.
        clock.freezeAt(Instant.ofEpochMilli(START_OF_A_WINDOW + offset).plus(Duration.ofDays(offset + 1)));
        for (int i = 0; i < 5; i++) {
            given().get("/v3/resellers").then().statusCode(401);
        }
        given().get("/v3/resellers").then().statusCode(429).body("code", equalTo("rate_limited"));
        assertTrue(Long.parseLong(given().get("/v3/resellers").header("Retry-After")) >= 1);
    }

    private static Response get(String jwt) {
        return given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + UUID.randomUUID());
    }
}
