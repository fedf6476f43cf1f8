package dev.pat.abuse;

import static io.restassured.RestAssured.given;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A JWT remembered as verified is still refused once it expires (with a 1 s clock skew here).
 * SmallRye checks exp against the real clock, so this runs in real time; its margins are wide
 * enough for a loaded machine (15 s to make the first calls, then up to 20 s past exp to see the
 * refusal), and still fail a cache that would hold the token until its maximum age (24 h).
 * {@code CachingJwtParserUnitTest} checks the exact rule on a clock the test moves.
 */
@QuarkusTest
@TestProfile(JwtCacheExpiryTest.ShortSkew.class)
class JwtCacheExpiryTest {

    public static class ShortSkew implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.clock.skew", "1");
        }
    }

    @Inject
    Fixtures fixtures;

    @Test
    void aCachedTokenDiesWithItsExpiry() {
        UUID account = UUID.randomUUID();
        UUID user = fixtures.user(account, null, null, "admin");
        UUID token = fixtures.token(account, user, "cached", null, null, false);
        Instant expiry = Instant.now().plusSeconds(15);
        String jwt = Jwts.sign(Jwts.claims(account, user, "admin").expiresAt(expiry));

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(401));
        // Refused soon after the expiry plus the configured skew, and from then on.
        org.junit.jupiter.api.Assertions.assertTrue(Instant.now().isBefore(expiry.plusSeconds(20)), "refused promptly after exp");
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(401);
    }
}
