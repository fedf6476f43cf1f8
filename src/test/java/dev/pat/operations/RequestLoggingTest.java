package dev.pat.operations;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The service's log lines are JSON (the test profile writes them to a file, the prod profile to
 * the console) and carry the request id that the response returns; no credential is ever logged.
 */
@QuarkusTest
class RequestLoggingTest {

    private static final Path LOG = Path.of("target/test-service.log.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fixtures fixtures;

    @Test
    void aLifecycleEventIsOneJsonLineWithTheRequestIdAndNoSecret() {
        Owner admin = fixtures.administrator();
        String jwt = admin.jwt();
        String requestId = "req-" + UUID.randomUUID();

        var response = given().auth().oauth2(jwt).header("X-Request-Id", requestId).contentType("application/json")
                .body("{\"name\":\"logged\",\"scopes\":[]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract();
        assertEquals(requestId, response.header("X-Request-Id"));
        String tokenId = response.path("id");
        String secret = response.path("token");
        given().auth().oauth2(secret).get("/v3/personal-access-tokens/self").then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines().stream()
                .anyMatch(line -> line.path("message").asText().contains("token_event=created token_id=" + tokenId)));
        JsonNode event = lines().stream()
                .filter(line -> line.path("message").asText().contains("token_event=created token_id=" + tokenId))
                .findFirst().orElseThrow();
        assertEquals(requestId, event.path("mdc").path("requestId").asText(), "the event carries the request id: " + event);
        assertTrue(event.path("message").asText().contains("account_id=" + admin.accountId()));
        assertTrue(event.path("message").asText().contains("actor_id=" + admin.userId() + " actor_credential=jwt"),
                () -> "the event names who acted, and with what: " + event);

        String everything = read();
        assertFalse(everything.contains(secret), "the secret is never logged");
        assertFalse(everything.contains(jwt), "the JWT is never logged");
        assertFalse(everything.contains("Bearer "), "no Authorization header is logged");
    }

    @Test
    void aRequestWithoutAnIdGetsAFreshOne() {
        String first = given().get("/v3/personal-access-tokens").then().statusCode(401).extract().header("X-Request-Id");
        String second = given().header("X-Request-Id", "bad id with spaces").get("/v3/personal-access-tokens").then()
                .statusCode(401).extract().header("X-Request-Id");
        assertTrue(first != null && !first.isBlank());
        assertTrue(second != null && !second.contains(" "), "a malformed id is replaced, not echoed");
    }

    private static List<JsonNode> lines() {
        return read().lines().filter(line -> line.startsWith("{")).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("Not a JSON log line: " + line, e);
            }
        }).toList();
    }

    private static String read() {
        try {
            return Files.exists(LOG) ? Files.readString(LOG) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
