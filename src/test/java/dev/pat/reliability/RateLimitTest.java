package dev.pat.reliability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Past the limit a credential gets 429 with the X-Rate-Limit headers; other credentials are unaffected. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimit.class)
class RateLimitTest {

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pat.rate-limit.enabled", "true", "pat.rate-limit.requests", "5", "pat.rate-limit.window", "PT30S");
        }
    }

    @Test
    void theSixthRequestOfACredentialInAWindowIsRefused() {
        String jwt = TestJwt.admin(UUID.randomUUID(), UUID.randomUUID());
        for (int i = 1; i <= 5; i++) {
            Response response = given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + UUID.randomUUID());
            assertEquals(404, response.statusCode());
            assertEquals("5", response.header("X-Rate-Limit-Limit"));
            assertEquals(String.valueOf(5 - i), response.header("X-Rate-Limit-Remaining"));
        }
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + UUID.randomUUID()).then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .header("X-Rate-Limit-Limit", "5")
                .header("X-Rate-Limit-Remaining", "0")
                .header("X-Rate-Limit-Reset", notNullValue())
                .body("code", equalTo("rate_limited"));

        String other = TestJwt.admin(UUID.randomUUID(), UUID.randomUUID());
        given().auth().oauth2(other).get("/v3/personal-access-tokens/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anonymousCallsAreCountedPerAddress() {
        for (int i = 0; i < 5; i++) {
            given().get("/v3/resellers").then().statusCode(401);
        }
        given().get("/v3/resellers").then().statusCode(429).body("code", equalTo("rate_limited"));
    }
}
