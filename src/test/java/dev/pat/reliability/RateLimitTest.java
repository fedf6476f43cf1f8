package dev.pat.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.token.TokenSecrets;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two limits over HTTP: per client address before authentication, per identity after it.
 * The service's clock is frozen by the test and moved by it, so nothing depends on where the wall
 * clock stands; each test starts a day after the previous one, when every bucket is full again.
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
class RateLimitTest {

    private static final AtomicLong DAY = new AtomicLong();

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pat.rate-limit.enabled", "true",
                    "pat.rate-limit.address-requests", "40", "pat.rate-limit.address-period", "PT30S",
                    "pat.rate-limit.identity-requests", "5", "pat.rate-limit.identity-period", "PT30S");
        }
    }

    @Inject
    ControlledClock clock;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void aDayLater() {
        clock.freezeAt(Instant.parse("2031-05-01T10:00:00.250Z").plus(Duration.ofDays(DAY.incrementAndGet())));
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @Test
    void theSixthRequestOfAnIdentityIsRefusedUntilATokenComesBack() {
        String jwt = Jwts.admin(UUID.randomUUID(), UUID.randomUUID());
        for (int i = 1; i <= 5; i++) {
            Response response = get("Bearer " + jwt);
            assertEquals(404, response.statusCode());
            assertEquals("30s", response.header("X-Rate-Limit-Limit"));
            assertEquals(String.valueOf(5 - i), response.header("X-Rate-Limit-Remaining"));
            assertEquals("\"identity\";q=5;w=30", response.header("RateLimit-Policy"));
            assertEquals("\"identity\";r=" + (5 - i) + ";t=" + (6 * i), response.header("RateLimit"));
            assertEquals(clock.instant().plusSeconds(6L * i).plusMillis(750).toString(), response.header("X-Rate-Limit-Reset"),
                    "the UTC time the bucket is full again, rounded up to the second");
        }
        Response refused = get("Bearer " + jwt);
        assertEquals(429, refused.statusCode());
        assertEquals("rate_limited", refused.jsonPath().getString("code"));
        assertEquals("6", refused.header("Retry-After"), "one request comes back every 30 s / 5");
        assertEquals("0", refused.header("X-Rate-Limit-Remaining"));

        String other = Jwts.admin(UUID.randomUUID(), UUID.randomUUID());
        assertEquals(404, get("Bearer " + other).statusCode(), "another identity has its own budget");

        clock.advance(Duration.ofSeconds(6));
        assertEquals(404, get("Bearer " + jwt).statusCode(), "served again once Retry-After has passed");
    }

    @Test
    void spellingsOfOneCredentialAndNewJwtsOfOneSubjectShareOneBudget() {
        Owner admin = fixtures.administrator();
        UUID account = admin.accountId();
        String secret = given().auth().oauth2(admin.jwt()).contentType("application/json")
                .body("{\"name\":\"limited\",\"scopes\":[\"personalAccessToken:read\"]}").post("/v3/personal-access-tokens")
                .then().statusCode(201).extract().path("token");
        String[] spellings = {"Bearer " + secret, "bearer  " + secret, "BEARER " + secret + " ", "Bearer " + secret};
        for (String authorization : spellings) {
            assertEquals(404, get(authorization).statusCode(), authorization);
        }
        // One more, still the same token: its fifth request of the period.
        assertEquals(404, get("bearer " + secret).statusCode());
        assertEquals(429, get("Bearer " + secret).statusCode(), "five spellings, one budget");

        UUID subject = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(1));
            assertEquals(404, get("Bearer " + Jwts.admin(account, subject)).statusCode());
        }
        assertEquals(429, get("Bearer " + Jwts.admin(account, subject)).statusCode(),
                "a fresh JWT for the same subject is the same identity");
    }

    @Test
    void inventedSecretsFromOneAddressAreStoppedByTheAddressLimit() {
        int unauthorized = 0;
        int limited = 0;
        for (int i = 0; i < 200; i++) {
            int status = get("Bearer " + TokenSecrets.generate()).statusCode();
            unauthorized += status == 401 ? 1 : 0;
            limited += status == 429 ? 1 : 0;
        }
        assertEquals(40, unauthorized, "only the address budget reaches the token lookup");
        assertEquals(160, limited);
    }

    @Test
    void anonymousCallsAreCountedPerAddress() {
        for (int i = 0; i < 40; i++) {
            assertEquals(401, given().get("/v3/resellers").statusCode());
        }
        Response refused = given().get("/v3/resellers");
        assertEquals(429, refused.statusCode());
        assertEquals("\"address\";q=40;w=30", refused.header("RateLimit-Policy"));
        assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1);
    }

    private static Response get(String authorization) {
        return given().header("Authorization", authorization).get("/v3/personal-access-tokens/" + UUID.randomUUID());
    }
}
