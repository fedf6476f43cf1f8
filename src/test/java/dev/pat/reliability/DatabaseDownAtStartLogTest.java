package dev.pat.reliability;

import static io.restassured.RestAssured.given;

import dev.pat.platform.database.DatabaseConfig;
import dev.pat.platform.database.embedded.LocalPorts;
import dev.pat.support.Jwts;
import dev.pat.support.Management;
import dev.pat.support.ServiceLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The service starts while its database refuses every connection, and is asked what clients and
 * probes ask: its log tells the outage in a few WARN lines (the first refused request, the pending
 * migration) and nothing at ERROR, however many requests, probes and migration retries follow.
 * The service writes a log file of its own here, so that its start is part of what is judged.
 */
@QuarkusTest
@TestProfile(DatabaseDownAtStartLogTest.Refusing.class)
class DatabaseDownAtStartLogTest {

    /** Outside the ephemeral range, and nothing listens there. */
    static final int PORT = LocalPorts.free();
    private static final int MIGRATION_ATTEMPTS = 6;

    public static class Refusing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("quarkus.datasource.reactive.url", "postgresql://localhost:" + PORT + "/postgres"),
                    Map.entry("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + PORT + "/postgres"),
                    Map.entry("quarkus.datasource.username", "postgres"),
                    Map.entry("quarkus.datasource.password", "postgres"),
                    Map.entry("quarkus.flyway.migrate-at-start", "false"),
                    Map.entry("quarkus.hibernate-orm.schema-management.strategy", "none"),
                    Map.entry("pat.database.migration-retry-interval", "PT0.2S"),
                    Map.entry("quarkus.log.file.path", "target/database-down-at-start-" + PORT + ".log.json"),
                    // Every migration attempt is in the file, whatever its level: the test counts them.
                    Map.entry("quarkus.log.category.\"dev.pat.platform.database.SchemaMigration\".level", "DEBUG"));
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    DatabaseConfig database;

    @Test
    void anOutageFromTheStartIsAFewWarningsAndNoError() throws Exception {
        String jwt = Jwts.admin(UUID.randomUUID(), UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + UUID.randomUUID()).then().statusCode(503);
            given().auth().oauth2(jwt).get("/v3/personal-access-tokens").then().statusCode(503);
            Management.given().get("/q/health/ready").then().statusCode(503);
        }
        OutageLog.awaitTimersArmedSoFar(vertx, database.acquireTimeout());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> OutageLog.parse(ServiceLog.read()).stream()
                .filter(line -> line.path("loggerName").asText().endsWith(".SchemaMigration")).count() >= MIGRATION_ATTEMPTS);

        OutageLog.assertAFewLinesAndNoError(OutageLog.parse(ServiceLog.read()));
    }
}
