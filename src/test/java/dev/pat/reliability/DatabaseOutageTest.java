package dev.pat.reliability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.pat.support.DatabaseControl;
import dev.pat.support.Fixtures;
import dev.pat.support.Management;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real database stops while the service runs: requests get a prompt 503 with the JSON error
 * body and Retry-After, readiness goes DOWN while liveness stays UP, and once the database is
 * back the service serves again by itself, without a restart.
 */
@QuarkusTest
class DatabaseOutageTest {

    @Inject
    Fixtures fixtures;

    private boolean stopped;

    @AfterEach
    void restartDatabaseIfStillDown() {
        if (stopped) {
            DatabaseControl.start();
        }
    }

    @Test
    void aStoppedDatabaseGives503AndTheServiceRecoversWhenItReturns() {
        Owner admin = fixtures.administrator();
        UUID token = fixtures.token(admin.accountId(), admin.userId(), "outage", null, null, false, "personalAccessToken:read");
        String jwt = admin.jwt();
        String secret = createSecret(jwt);
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(200);

        DatabaseControl.stop();
        stopped = true;

        // A client that would wait far longer than the service's own bounds: the 503 must come first.
        RestAssuredConfig patient = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 30_000));
        given().config(patient).auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then()
                .statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("code", equalTo("service_unavailable"))
                .body("message", containsString("database"));
        // A token secret needs the database to be checked: unavailable, not "unauthorized".
        given().config(patient).auth().oauth2(secret).get("/v3/personal-access-tokens/self").then()
                .statusCode(503)
                .body("code", equalTo("service_unavailable"));
        Management.given().config(patient).get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        DatabaseControl.start();
        stopped = false;

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(200));
        given().auth().oauth2(secret).get("/v3/personal-access-tokens/self").then().statusCode(200);
        // The readiness check asks the request pool, which replaces its dead connections.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Management.given().get("/q/health/ready").then().statusCode(200).body("checks.status", hasItem("UP")));
        // The token-change listener, refused every second while the database was away, is back once:
        // one connection, not one per failed attempt.
        // (The tests' own JDBC pool may still hand out a connection the restart killed: ignored, asked again.)
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> fixtures.count("select count(*) from pg_stat_activity where application_name = 'pat-service-listener'") >= 1);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> fixtures.count("select count(*) from pg_stat_activity where application_name = 'pat-service-listener'") == 1);
    }

    @Test
    void terminatedConnectionsAreReplacedWithoutErrorsLeakingAsSuccess() {
        String jwt = fixtures.administrator().jwt();
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens?limit=1").then().statusCode(200);

        // Every other client connection of the database, the service's request pool among them, is terminated.
        List<Object> terminated = fixtures.column("with victims as (select pid, application_name from pg_stat_activity"
                + " where pid <> pg_backend_pid() and datname = current_database() and backend_type = 'client backend'),"
                + " ended as (select application_name, pg_terminate_backend(pid) as done from victims)"
                + " select application_name from ended where done");
        org.junit.jupiter.api.Assertions.assertTrue(terminated.contains("vertx-pg-client"),
                () -> "the service's request connections should be among the terminated ones, which were " + terminated);

        // Each answer is either a success or a clear 503; after the pool reconnects, successes again.
        // Every answer is kept and judged after the wait, so a single 500 fails the test.
        List<Integer> statuses = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            int status = given().auth().oauth2(jwt).get("/v3/personal-access-tokens?limit=1").then().extract().statusCode();
            statuses.add(status);
            return status == 200;
        });
        org.junit.jupiter.api.Assertions.assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 503),
                () -> "answers while the connections were replaced: " + statuses);
        String created = given().auth().oauth2(jwt).contentType("application/json")
                .body("{\"name\":\"after-terminate\",\"scopes\":[]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("id");
        org.junit.jupiter.api.Assertions.assertEquals(1L, fixtures.count(
                "select count(*) from personal_access_token where id = ?::uuid", created));
    }

    private static String createSecret(String jwt) {
        return given().auth().oauth2(jwt).contentType("application/json")
                .body("{\"name\":\"outage-secret\",\"scopes\":[\"personalAccessToken:read\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
    }
}
