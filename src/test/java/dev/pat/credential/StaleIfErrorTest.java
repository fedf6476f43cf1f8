package dev.pat.credential;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ControlledClock;
import dev.pat.support.DatabaseControl;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fail static, bounded: while the database is unreachable, a secret checked before the feed was
 * lost is still answered from memory, bearer and introspection alike, for the stale window
 * (PAT_SECRET_CACHE_STALE_IF_ERROR, 30 s) after the feed's last proof of life, and refused with a
 * 503 after it; an unknown secret gets a 503 at once. A metric says when stale answers are served.
 */
@QuarkusTest
class StaleIfErrorTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    private boolean stopped;

    @AfterEach
    void restore() {
        clock.release();
        if (stopped) {
            DatabaseControl.start();
        }
    }

    @Test
    void aWarmSecretIsAnsweredWithinTheStaleWindowAndRefusedAfterIt() {
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics().contains("pat_secret_cache_listener_up 1.0"));
        UUID account = UUID.randomUUID();
        UUID admin = fixtures.user(account, null, null, "admin");
        String jwt = Jwts.admin(account, admin);
        String warm = given().auth().oauth2(jwt).contentType(ContentType.JSON)
                .body("{\"name\":\"warm\",\"scopes\":[\"personalAccessToken:read\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
        String cold = given().auth().oauth2(jwt).contentType(ContentType.JSON)
                .body("{\"name\":\"cold\",\"scopes\":[\"personalAccessToken:read\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
        assertEquals(true, introspect(jwt, warm).jsonPath().getBoolean("active"));
        // Verified while the feed is known alive; the JWT's own check is remembered too (no database needed for it).
        given().auth().oauth2(warm).get("/v3/scopes").then().statusCode(200);
        clock.freezeAt(Instant.now());

        DatabaseControl.stop();
        stopped = true;
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics().contains("pat_secret_cache_listener_up 0.0"));

        // Within the window: the warm secret answers, as bearer and through introspection; a stale answer is counted.
        double staleBefore = metric("pat_secret_cache_requests_total{result=\"stale\"}");
        clock.advance(Duration.ofSeconds(25));
        given().auth().oauth2(warm).get("/v3/scopes").then().statusCode(200);
        Response introspected = introspect(jwt, warm);
        assertEquals(200, introspected.statusCode(), introspected::asString);
        assertEquals(true, introspected.jsonPath().getBoolean("active"));
        assertTrue(metric("pat_secret_cache_requests_total{result=\"stale\"}") >= staleBefore + 2, "stale answers are counted");
        assertTrue(metrics().contains("pat_secret_cache_serving_stale 1.0"));
        // A secret never checked here: 503 at once, as everything that needs the database.
        given().auth().oauth2(cold).get("/v3/scopes").then().statusCode(503);

        // After the window: the warm secret too.
        clock.advance(Duration.ofSeconds(10));
        given().auth().oauth2(warm).get("/v3/scopes").then().statusCode(503);
        assertEquals(503, introspect(jwt, warm).statusCode());
    }

    private static Response introspect(String jwt, String secret) {
        return given().auth().oauth2(jwt).formParam("token", secret).post("/v3/personal-access-tokens/introspect");
    }

    private static String metrics() {
        return Management.given().get("/q/metrics").then().extract().asString();
    }

    private static double metric(String series) {
        for (String line : metrics().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
