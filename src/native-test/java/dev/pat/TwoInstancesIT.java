package dev.pat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.platform.database.embedded.LocalPorts;
import dev.pat.support.Jwts;
import dev.pat.support.Management;
import dev.pat.support.Metrics;
import dev.pat.support.ServiceLog;
import dev.pat.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service on one database, as two replicas run: A is the one Quarkus
 * started for the black-box tests, B a second process of the same jar on A's database. A secret
 * warm in both instances' memories and then revoked, rotated away, deleted or orphaned through A
 * is refused by B: B hears the change on the database's notification channel. Before each change,
 * B is shown to answer the secret from memory (its listener up, its cache-hit counter moved by the
 * secret's use), since a B that read the database every time would refuse at once and prove
 * nothing; after it, B's memory is shown to have dropped it (an invalidation counted, the listener
 * still up). How long B takes is measured by bench/revocation-delay.sh, not judged here. Both
 * deliver webhooks from the one outbox, and each event reaches the receiver once.
 */
@QuarkusIntegrationTest
class TwoInstancesIT {

    /** A bound on every wait, never what a test judges. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String SELF = "/v3/personal-access-tokens/self";
    private static final String HITS = "pat_secret_cache_requests_total";
    private static final String HIT = "result=\"hit\"";
    private static final String LISTENER_UP = "pat_secret_cache_listener_up";
    private static final String INVALIDATIONS = "pat_secret_cache_invalidations_total";
    private static Process instanceB;
    private static int portB;
    private static int managementB;
    private static Path logB;
    private static String databaseUrl;
    private static String databasePassword;

    @BeforeAll
    static void startInstanceB() throws Exception {
        String log = ServiceLog.read();
        Matcher port = Pattern.compile("Embedded PostgreSQL started on port (\\d+)").matcher(log);
        assertTrue(port.find(), "instance A's log names its database port");
        String password = Files.readString(Path.of("target/it-postgres/pat-service-password")).trim();
        databaseUrl = "jdbc:postgresql://localhost:" + port.group(1) + "/postgres";
        databasePassword = password;
        portB = LocalPorts.free();
        managementB = LocalPorts.free();
        logB = Files.createTempFile("instance-b", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + portB,
                "-Dquarkus.management.port=" + managementB,
                "-Dquarkus.datasource.reactive.url=postgresql://localhost:" + port.group(1) + "/postgres",
                "-Dquarkus.datasource.username=pat_service",
                "-Dquarkus.datasource.password=" + password,
                "-Dmp.jwt.verify.publickey.location=" + Path.of("src/test/resources/test-keys/jwks.json").toAbsolutePath(),
                "-Dmp.jwt.verify.publickey.algorithm=RS256,ES256",
                "-Dmp.jwt.verify.issuer=" + Jwts.ISSUER,
                "-Dmp.jwt.verify.audiences=" + Jwts.AUDIENCE,
                "-Dpat.rate-limit.enabled=false",
                "-Dpat.webhooks.allow-private-addresses=true",
                "-Dquarkus.log.file.enabled=false",
                "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        instanceB = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logB.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                if (!instanceB.isAlive()) {
                    throw new IllegalStateException("instance B exited");
                }
                return given().port(managementB).get("/q/health/ready").statusCode() == 200;
            });
            // Ready means its pool answers; its listener connects beside it. Both instances must hear changes.
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                    .until(() -> Metrics.value(Metrics.scrape(managementB), LISTENER_UP) == 1.0
                            && Metrics.value(Metrics.scrape(Management.port()), LISTENER_UP) == 1.0);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Instance B did not become ready and listening:\n" + Files.readString(logB), e);
        }
    }

    @AfterAll
    static void stopInstanceB() throws Exception {
        if (instanceB != null) {
            instanceB.destroy();
            instanceB.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRevocationThroughAIsRefusedByB() throws Exception {
        Owner owner = owner();
        Issued token = owner.issue("revoked");
        Map<String, Double> warm = warm(token.secret());
        given().auth().oauth2(owner.jwt()).contentType(ContentType.JSON).body("{\"revoked\":true}")
                .patch("/v3/personal-access-tokens/" + token.id()).then().statusCode(200);
        assertRefusedByB(token.secret(), warm, "revoked");
    }

    @Test
    void aRotationAndADeletionThroughAAreRefusedByB() throws Exception {
        Owner owner = owner();
        Issued rotated = owner.issue("rotated");
        Map<String, Double> warmRotated = warm(rotated.secret());
        given().auth().oauth2(owner.jwt()).post("/v3/personal-access-tokens/" + rotated.id() + "/rotate").then().statusCode(200);
        assertRefusedByB(rotated.secret(), warmRotated, "rotated");

        Issued deleted = owner.issue("deleted");
        Map<String, Double> warmDeleted = warm(deleted.secret());
        given().auth().oauth2(owner.jwt()).delete("/v3/personal-access-tokens/" + deleted.id()).then().statusCode(204);
        assertRefusedByB(deleted.secret(), warmDeleted, "deleted");
    }

    @Test
    void aUsersDeletionThroughAIsRefusedByB() throws Exception {
        Owner admin = owner();
        String userId = given().auth().oauth2(admin.jwt()).contentType(ContentType.JSON)
                .body(Map.of("firstName", "Leaving", "lastName", "Soon", "email", "leaving@two.example", "role", "user"))
                .post("/v3/users").then().statusCode(201).extract().path("id");
        String secret = given().auth().oauth2(Jwts.user(admin.account(), UUID.fromString(userId))).contentType(ContentType.JSON)
                .body(Map.of("name", "orphan", "scopes", List.of("personalAccessToken:read")))
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
        Map<String, Double> warm = warm(secret);
        given().auth().oauth2(admin.jwt()).delete("/v3/users/" + userId).then().statusCode(204);
        assertRefusedByB(secret, warm, "user deleted");
    }

    /**
     * Issue 30: a bulk revocation of ten thousand tokens through A answers (the request did not time
     * out) and leaves none of their secrets accepted by B. A sample of them is issued through the
     * API (real secrets) and warm in B's memory; the ten thousand others are written straight into
     * the database, for speed, since only their number matters.
     */
    @Test
    void aBulkRevocationOfTenThousandTokensThroughAIsRefusedByB() throws Exception {
        Owner admin = owner();
        String userId = given().auth().oauth2(admin.jwt()).contentType(ContentType.JSON)
                .body(Map.of("firstName", "Stolen", "lastName", "Laptop", "email", "laptop-" + admin.account() + "@two.example",
                        "role", "user"))
                .post("/v3/users").then().statusCode(201).extract().path("id");
        String userJwt = Jwts.user(admin.account(), UUID.fromString(userId));
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sample.add(given().auth().oauth2(userJwt).contentType(ContentType.JSON)
                    .body(Map.of("name", "sample-" + i, "scopes", List.of("personalAccessToken:read")))
                    .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token"));
        }
        int bulk = 10_000;
        try (Connection connection = DriverManager.getConnection(databaseUrl, "pat_service", databasePassword);
                PreparedStatement insert = connection.prepareStatement("insert into personal_access_token (id, account_id, user_id,"
                        + " created_at, updated_at, name, revoked, scopes, secret_digest) select gen_random_uuid(), ?, ?, now(), now(),"
                        + " 'bulk ' || g, false, '{personalAccessToken:read}', sha256(convert_to(gen_random_uuid()::text, 'UTF8'))"
                        + " from generate_series(1, ?) g")) {
            insert.setObject(1, admin.account());
            insert.setObject(2, UUID.fromString(userId));
            insert.setInt(3, bulk);
            assertEquals(bulk, insert.executeUpdate());
        }
        Map<String, Double> warm = null;
        for (String secret : sample) {
            warm = warm(secret);
        }

        given().auth().oauth2(admin.jwt()).contentType(ContentType.JSON)
                .body(Map.of("userId", userId, "reason", "laptop stolen"))
                .post("/v3/personal-access-tokens/revocations")
                .then().statusCode(200).body("revoked", org.hamcrest.Matchers.equalTo(bulk + sample.size()));

        for (String secret : sample) {
            assertRefusedByB(secret, warm, "bulk revoked");
        }
        try (Connection connection = DriverManager.getConnection(databaseUrl, "pat_service", databasePassword);
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from personal_access_token where user_id = ? and not revoked")) {
            count.setObject(1, UUID.fromString(userId));
            try (ResultSet result = count.executeQuery()) {
                assertTrue(result.next());
                assertEquals(0L, result.getLong(1), "every token of the user is revoked");
            }
        }
    }

    @Test
    void eachEventIsDeliveredOnceThoughBothInstancesDeliver() throws Exception {
        Owner admin = owner();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String url = receiver.newUrl();
            String hook = given().auth().oauth2(admin.jwt()).contentType(ContentType.JSON)
                    .body(Map.of("url", url, "events", List.of("token.created"))).post("/v3/webhooks")
                    .then().statusCode(201).extract().path("id");
            int tokens = 40;
            for (int i = 0; i < tokens; i++) {
                // Half through each instance: each wakes its own worker, and both poll the one outbox.
                given().port(i % 2 == 0 ? RestAssured.port : portB).auth().oauth2(admin.jwt()).contentType(ContentType.JSON)
                        .body(Map.of("name", "replicated-" + i, "scopes", List.of("personalAccessToken:read")))
                        .post("/v3/personal-access-tokens").then().statusCode(201);
            }
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> given().auth().oauth2(admin.jwt())
                    .queryParam("status", "delivered").get("/v3/webhooks/" + hook + "/deliveries")
                    .then().statusCode(200).extract().header("Pagination-Count").equals(String.valueOf(tokens)));
            // Every attempt is over once its delivery is marked: a second send of any event would be here by now.
            List<WebhookReceiver.Delivery> received = receiver.received(url);
            assertEquals(tokens, received.size(), "deliveries received");
            assertEquals(tokens, received.stream().map(d -> d.header("Webhook-Id")).distinct().count(), "distinct events");
        }
    }

    private record Owner(UUID account, String jwt) {
        Issued issue(String name) {
            var created = given().auth().oauth2(jwt).contentType(ContentType.JSON)
                    .body(Map.of("name", name, "scopes", List.of("personalAccessToken:read", "personalAccessToken:write")))
                    .post("/v3/personal-access-tokens").then().statusCode(201).extract();
            return new Issued(created.path("id"), created.path("token"));
        }
    }

    private record Issued(String id, String secret) {
    }

    /** An administrator with a user row of its own, so that it may hold tokens. */
    private static Owner owner() {
        UUID account = UUID.randomUUID();
        String setup = Jwts.admin(account, UUID.randomUUID());
        String id = given().auth().oauth2(setup).contentType(ContentType.JSON)
                .body(Map.of("firstName", "Owner", "lastName", "Two", "email", "owner-" + account + "@two.example", "role", "admin"))
                .post("/v3/users").then().statusCode(201).extract().path("id");
        return new Owner(account, Jwts.admin(account, UUID.fromString(id)));
    }

    /**
     * Checked by both instances, until B answers it from memory: B's listener is up and a use of
     * the secret on B moved its cache-hit counter. Answers B's metrics from that moment.
     */
    private static Map<String, Double> warm(String secret) {
        given().auth().oauth2(secret).get(SELF).then().statusCode(200);
        given().auth().oauth2(secret).get(SELF).then().statusCode(200);
        given().port(portB).auth().oauth2(secret).get(SELF).then().statusCode(200);
        AtomicReference<Map<String, Double>> warm = new AtomicReference<>();
        // A first check that raced with a change notice is not remembered; the next one is.
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Double> before = Metrics.scrape(managementB);
            given().port(portB).auth().oauth2(secret).get(SELF).then().statusCode(200);
            Map<String, Double> after = Metrics.scrape(managementB);
            assertEquals(1.0, Metrics.value(after, LISTENER_UP), "B hears token changes");
            assertTrue(Metrics.delta(before, after, HITS, HIT) >= 1, "B answered the secret from memory");
            warm.set(after);
        });
        return warm.get();
    }

    /**
     * B refuses the secret it had in memory, and A too, from then on. B's memory dropped it on
     * hearing the change: an invalidation was counted and the listener is still up, so B is not
     * merely reading the database because it went deaf.
     */
    private static void assertRefusedByB(String secret, Map<String, Double> warm, String what) throws IOException {
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                    .until(() -> given().port(portB).auth().oauth2(secret).get(SELF).statusCode() == 401);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": instance B still accepts the secret\n" + Files.readString(logB), e);
        }
        Map<String, Double> after = Metrics.scrape(managementB);
        assertTrue(Metrics.delta(warm, after, INVALIDATIONS) >= 1, what + ": B's memory dropped entries on hearing the change");
        assertEquals(1.0, Metrics.value(after, LISTENER_UP), what + ": B still hears token changes");
        given().port(portB).auth().oauth2(secret).get(SELF).then().statusCode(401);
        given().port(RestAssured.port).auth().oauth2(secret).get(SELF).then().statusCode(401);
    }

}
