package dev.pat.abuse;

import static io.restassured.RestAssured.given;

import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JWT remembered as verified is refused once it expires (with a 1 s clock skew here), even
 * though the memory would otherwise keep it for its 5-minute time to live. The memory decides on
 * the service's clock, which the test holds still and moves; SmallRye verifies a token on the real
 * clock, so the test first waits until SmallRye itself refuses this token's twin (same claims,
 * another jti, never remembered): from then on, only the memory can still accept it, and the
 * test shows it does until the service's clock reaches exp, and not from that second on.
 * {@code CachingJwtParserUnitTest} checks the rule without Quarkus.
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

    @Inject
    ControlledClock clock;

    private UUID token;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @Test
    void aRememberedTokenDiesWithItsExpiry() {
        Owner admin = fixtures.administrator();
        token = fixtures.token(admin.accountId(), admin.userId(), "cached", null, null, false);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(start);
        Instant expiry = start.plusSeconds(15);
        String jwt = Jwts.sign(Jwts.claims(admin.accountId(), admin.userId(), "admin").expiresAt(expiry));

        for (int i = 0; i < 3; i++) {
            read(jwt, 200);
        }
        // SmallRye refuses the token itself once the real clock is past exp and the skew: its twin shows when.
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                read(Jwts.sign(Jwts.claims(admin.accountId(), admin.userId(), "admin").expiresAt(expiry)
                        .claim("jti", UUID.randomUUID().toString())), 401));

        // The remembered token is answered from memory while the service's clock is before exp ...
        read(jwt, 200);
        clock.advance(Duration.ofSeconds(14));
        read(jwt, 200);
        // ... and refused from the second the service's clock reaches exp, and from then on.
        clock.advance(Duration.ofSeconds(1));
        read(jwt, 401);
        clock.advance(Duration.ofSeconds(60));
        read(jwt, 401);
    }

    private void read(String jwt, int status) {
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(status);
    }
}
