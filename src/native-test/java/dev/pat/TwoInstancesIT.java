package dev.pat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.platform.database.LocalPorts;
import dev.pat.support.Jwts;
import dev.pat.support.ServiceLog;
import dev.pat.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service on one database, as two replicas run: A is the one Quarkus
 * started for the black-box tests, B a second process of the same jar on A's database. A secret
 * warm in both instances' memories and then revoked, rotated away, deleted or orphaned through A
 * is refused by B within a second: B hears the change on the database's notification channel.
 * Both deliver webhooks from the one outbox, and each event reaches the receiver once.
 */
@QuarkusIntegrationTest
class TwoInstancesIT {

    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final String SELF = "/v3/personal-access-tokens/self";
    private static Process instanceB;
    private static int portB;
    private static Path logB;

    @BeforeAll
    static void startInstanceB() throws Exception {
        String log = ServiceLog.read();
        Matcher port = Pattern.compile("Embedded PostgreSQL started on port (\\d+)").matcher(log);
        assertTrue(port.find(), "instance A's log names its database port");
        String password = Files.readString(Path.of("target/it-postgres/pat-service-password")).trim();
        portB = LocalPorts.free();
        int managementB = LocalPorts.free();
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
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                if (given().port(managementB).get("/q/health/ready").statusCode() == 200) {
                    break;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !instanceB.isAlive()) {
                throw new IllegalStateException("Instance B did not become ready:\n" + Files.readString(logB));
            }
            Thread.sleep(250);
        }
        // Ready means its pool answers; its listener connects beside it, within a second or two.
        Thread.sleep(2000);
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
        warm(token.secret());
        given().auth().oauth2(owner.jwt()).contentType(ContentType.JSON).body("{\"revoked\":true}")
                .patch("/v3/personal-access-tokens/" + token.id()).then().statusCode(200);
        assertRefusedByBWithin(token.secret(), "revoked");
    }

    @Test
    void aRotationAndADeletionThroughAAreRefusedByB() throws Exception {
        Owner owner = owner();
        Issued rotated = owner.issue("rotated");
        warm(rotated.secret());
        given().auth().oauth2(owner.jwt()).post("/v3/personal-access-tokens/" + rotated.id() + "/rotate").then().statusCode(200);
        assertRefusedByBWithin(rotated.secret(), "rotated");

        Issued deleted = owner.issue("deleted");
        warm(deleted.secret());
        given().auth().oauth2(owner.jwt()).delete("/v3/personal-access-tokens/" + deleted.id()).then().statusCode(204);
        assertRefusedByBWithin(deleted.secret(), "deleted");
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
        warm(secret);
        given().auth().oauth2(admin.jwt()).delete("/v3/users/" + userId).then().statusCode(204);
        assertRefusedByBWithin(secret, "user deleted");
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
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!given().auth().oauth2(admin.jwt()).queryParam("status", "delivered").get("/v3/webhooks/" + hook + "/deliveries")
                    .then().statusCode(200).extract().header("Pagination-Count").equals(String.valueOf(tokens))) {
                assertTrue(System.nanoTime() < deadline, "not all deliveries were made:\n" + Files.readString(logB));
                Thread.sleep(100);
            }
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

    /** Checked by both instances, twice: in both memories from now on. */
    private static void warm(String secret) {
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(secret).get(SELF).then().statusCode(200);
            given().port(portB).auth().oauth2(secret).get(SELF).then().statusCode(200);
        }
    }

    private static void assertRefusedByBWithin(String secret, String what) throws IOException {
        long start = System.nanoTime();
        int status;
        do {
            status = given().port(portB).auth().oauth2(secret).get(SELF).statusCode();
        } while (status == 200 && System.nanoTime() - start < WITHIN.multipliedBy(10).toNanos());
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(401, status, what + ": instance B still accepts the secret after " + millis + " ms\n" + Files.readString(logB));
        assertTrue(millis <= WITHIN.toMillis(), what + ": instance B refused only after " + millis + " ms");
        // And from then on.
        given().port(portB).auth().oauth2(secret).get(SELF).then().statusCode(401);
        given().port(RestAssured.port).auth().oauth2(secret).get(SELF).then().statusCode(401);
    }

}
