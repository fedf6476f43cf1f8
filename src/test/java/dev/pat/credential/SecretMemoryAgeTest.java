package dev.pat.credential;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No remembered secret outlives the maximum age (PAT_SECRET_CACHE_MAX_AGE, 1 minute), whatever the
 * change feed says: a change written to the database with no notice at all is heard by then.
 */
@QuarkusTest
class SecretMemoryAgeTest {

    private static final String SELF = "/v3/personal-access-tokens/self";

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    @AfterEach
    void release() {
        clock.release();
    }

    @Test
    void aChangeWithoutANoticeIsHeardOnceTheEntryIsOlderThanTheMaximumAge() {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Management.given().get("/q/metrics").then().extract().asString().contains("pat_secret_cache_listener_up 1.0"));
        UUID account = UUID.randomUUID();
        UUID owner = fixtures.user(account, null, null, "user");
        String secret = given().auth().oauth2(Jwts.user(account, owner)).contentType(ContentType.JSON)
                .body("{\"name\":\"aging\",\"scopes\":[\"personalAccessToken:read\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
        clock.freezeAt(Instant.now());
        String id = given().auth().oauth2(secret).get(SELF).then().statusCode(200).extract().path("id");

        // Revoked by hand, no notice: the memory, trusted, still answers (the control: it is in use).
        fixtures.update("update personal_access_token set revoked = true where id = ?::uuid", id);
        clock.advance(Duration.ofSeconds(59));
        given().auth().oauth2(secret).get("/v3/scopes").then().statusCode(200);

        clock.advance(Duration.ofSeconds(2));
        given().auth().oauth2(secret).get("/v3/scopes").then().statusCode(401);
    }
}
