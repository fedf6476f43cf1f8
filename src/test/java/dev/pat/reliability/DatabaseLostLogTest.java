package dev.pat.reliability;

import static io.restassured.RestAssured.given;

import dev.pat.platform.database.DatabaseConfig;
import dev.pat.support.DatabaseControl;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database stops while the service runs and clients, secrets and probes keep asking: the log
 * tells the outage in a few WARN lines (the first refused request, the lost listener) and nothing
 * at ERROR, once every timer the refused requests armed has run out.
 */
@QuarkusTest
class DatabaseLostLogTest {

    private static final Path LOG = Path.of("target/test-service.log.json");

    @Inject
    Fixtures fixtures;

    @Inject
    Vertx vertx;

    @Inject
    DatabaseConfig database;

    private boolean stopped;

    @AfterEach
    void restartDatabaseIfStillDown() {
        if (stopped) {
            DatabaseControl.start();
        }
        // The tests' own JDBC pool may still hold connections the restart killed, and the service's token-change
        // listener comes back within a second: both waited for, so that the next test finds them working.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> fixtures.count("select count(*) from pg_stat_activity where application_name = 'pat-service-listener'") >= 1);
    }

    @Test
    void anOutageWhileRunningIsAFewWarningsAndNoError() throws Exception {
        UUID account = UUID.randomUUID();
        UUID user = fixtures.user(account, null, null, "admin");
        UUID token = fixtures.token(account, user, "outage log", null, null, false, "personalAccessToken:read");
        String jwt = Jwts.admin(account, user);
        String secret = given().auth().oauth2(jwt).contentType("application/json")
                .body("{\"name\":\"outage-log\",\"scopes\":[\"personalAccessToken:read\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(200);

        long from = Files.size(LOG);
        DatabaseControl.stop();
        stopped = true;
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(503);
            given().auth().oauth2(jwt).get("/v3/personal-access-tokens").then().statusCode(503);
            given().auth().oauth2(secret).get("/v3/personal-access-tokens/self").then().statusCode(503);
            Management.given().get("/q/health/ready").then().statusCode(503);
        }
        OutageLog.awaitTimersArmedSoFar(vertx, database.acquireTimeout());
        String during = since(from);

        DatabaseControl.start();
        stopped = false;
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(200));

        OutageLog.assertAFewLinesAndNoError(OutageLog.parse(during));
    }

    private static String since(long offset) throws java.io.IOException {
        try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
            file.seek(offset);
            byte[] rest = new byte[(int) (file.length() - offset)];
            file.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8);
        }
    }
}
