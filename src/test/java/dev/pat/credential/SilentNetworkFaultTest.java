package dev.pat.credential;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Management;
import dev.pat.support.ProxiedDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The network between the service and PostgreSQL fails silently (a proxy that stops forwarding on
 * every established connection, keeps them open and still accepts new ones): the change feed is
 * declared lost within its documented bound (heartbeat interval + timeout, 5 s), so a secret revoked
 * meanwhile is refused; a request on a dead pooled connection gets a 503 within the dead-connection
 * timeout (10 s), never a hang; and the service serves normally again without a restart.
 */
@QuarkusTest
@TestProfile(ProxiedDatabase.Profile.class)
class SilentNetworkFaultTest {

    /** Heartbeat interval + heartbeat timeout (the defaults, README "The secret memory"). */
    private static final Duration FEED_LOSS_BOUND = Duration.ofSeconds(5);
    private static final String INTROSPECT = "/v3/personal-access-tokens/introspect";

    @Inject
    Fixtures fixtures;

    private UUID account;
    private String adminJwt;

    /** The service lets every connection that went silent go (and so serves on fresh ones), each test's own included. */
    @AfterEach
    void everySilencedConnectionIsClosedByTheService() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ProxiedDatabase.proxy().silencedStillOpen() == 0);
    }

    @BeforeEach
    void arrange() {
        account = UUID.randomUUID();
        UUID admin = fixtures.user(account, null, null, "admin");
        adminJwt = Jwts.admin(account, admin);
        awaitListening();
    }

    @Test
    void aSecretRevokedWhileTheFeedIsSilentIsRefusedWithinTheBoundAndServiceResumesAlone() {
        String secret = issue("silenced");
        String id = given().auth().oauth2(secret).get("/v3/personal-access-tokens/self").then().statusCode(200).extract().path("id");
        // Proven warm: the next checks come from memory.
        double hitsBefore = hits();
        assertTrue(active(secret));
        assertTrue(active(secret));
        assertTrue(hits() >= hitsBefore + 2, "the secret was answered from memory");

        int silenced = ProxiedDatabase.proxy().silenceEstablished();
        assertTrue(silenced >= 1, "the feed's connection went through the proxy");
        // Revoked by another instance: the row and its notice, straight on the database. The notice is lost.
        fixtures.changeToken(UUID.fromString(id), "revoked = true");

        // Until the loss is declared the memory may still answer; within the bound (and a little slack
        // for a loaded machine) it is declared, and from then on the secret is never accepted.
        await().atMost(FEED_LOSS_BOUND.plusSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> listenerUp() == 0);
        Response after = introspect(secret);
        assertNotEquals(Boolean.TRUE, after.statusCode() == 200 ? after.jsonPath().getBoolean("active") : null,
                () -> "a revoked secret was accepted after the feed was lost: " + after.asString());

        // Without a restart: the feed listens again, new connections go through, the secret stays refused.
        awaitListening();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertEquals(200, introspect(secret).statusCode()));
        assertEquals(Boolean.FALSE, introspect(secret).jsonPath().getBoolean("active"));
        String fresh = issue("after the fault");
        assertTrue(active(fresh), "a new secret works again");
    }

    @Test
    void aRequestOnADeadPooledConnectionGets503WithinTheBoundThenTheServiceServesAgain() {
        UUID owner = fixtures.user(account, null, null, "user");
        UUID token = fixtures.token(account, owner, "pooled", null, null, false, "personalAccessToken:read");
        given().auth().oauth2(adminJwt).get("/v3/personal-access-tokens/" + token).then().statusCode(200);

        assertTrue(ProxiedDatabase.proxy().silenceEstablished() >= 2, "the feed's and the pool's connections went through the proxy");

        // A client three times more patient than the service's bound (dead-connection timeout, 10 s): a
        // hang would end in the client's own timeout and fail here; the answer must be a 503, never a 500.
        RestAssuredConfig patient = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 30_000));
        int status = given().config(patient).auth().oauth2(adminJwt).get("/v3/personal-access-tokens/" + token).statusCode();
        assertEquals(503, status, "the request on the silent connection");

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(adminJwt).get("/v3/personal-access-tokens/" + token).then().statusCode(200));
    }

    private String issue(String name) {
        return given().auth().oauth2(adminJwt).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"scopes\":[\"personalAccessToken:read\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
    }

    private boolean active(String secret) {
        Response answer = introspect(secret);
        assertEquals(200, answer.statusCode(), answer::asString);
        return answer.jsonPath().getBoolean("active");
    }

    private Response introspect(String secret) {
        return given().auth().oauth2(adminJwt).formParam("token", secret).post(INTROSPECT);
    }

    private static double hits() {
        return metric("pat_secret_cache_requests_total{result=\"hit\"}");
    }

    private static double listenerUp() {
        return metric("pat_secret_cache_listener_up");
    }

    private static double metric(String series) {
        for (String line : Management.given().get("/q/metrics").then().extract().asString().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    private static void awaitListening() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> listenerUp() == 1.0);
    }
}
