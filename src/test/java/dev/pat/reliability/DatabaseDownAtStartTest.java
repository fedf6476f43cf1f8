package dev.pat.reliability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pat.platform.database.embedded.LocalPorts;
import dev.pat.support.Jwts;
import dev.pat.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The service starts while its database does not exist yet: it comes up (liveness UP), reports
 * readiness DOWN with the reason, answers 503, and once a PostgreSQL appears on the configured
 * port it migrates the schema and serves, without a restart.
 */
@QuarkusTest
@TestProfile(DatabaseDownAtStartTest.LateDatabase.class)
class DatabaseDownAtStartTest {

    /** Outside the ephemeral range: no outgoing connection can take it before the late database binds it. */
    static final int PORT = LocalPorts.free();

    public static class LateDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://localhost:" + PORT + "/postgres",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + PORT + "/postgres",
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none",
                    "pat.database.migration-retry-interval", "PT1S");
        }
    }

    @Test
    void startsWithoutItsDatabaseAndRecoversWhenItAppears() throws IOException {
        UUID account = UUID.randomUUID();
        String jwt = Jwts.admin(account, UUID.randomUUID());

        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        String readiness = Management.given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Database' }.data.database", equalTo("unreachable"))
                .body("checks.find { it.name == 'Database schema' }.data.reason", equalTo("database unavailable, migration pending"))
                .extract().asString();
        // What is down, never the driver's words: no host, port, user or exception text.
        for (String leak : new String[] {"refused", "localhost", "127.0.0.1", String.valueOf(PORT), "postgres", "Exception"}) {
            org.junit.jupiter.api.Assertions.assertFalse(readiness.contains(leak), leak + " in " + readiness);
        }
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens").then()
                .statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("code", equalTo("service_unavailable"))
                .body("message", containsString("database"));

        Path data = Files.createTempDirectory("late-postgres");
        try (EmbeddedPostgres late = EmbeddedPostgres.builder().setPort(PORT).setDataDirectory(data).setCleanDataDirectory(true).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    Management.given().get("/q/health/ready").then().statusCode(200));
            given().auth().oauth2(jwt).get("/v3/personal-access-tokens").then().statusCode(200)
                    .header("Pagination-Count", "0");
        }
    }
}
