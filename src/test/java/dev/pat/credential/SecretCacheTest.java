package dev.pat.credential;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Management;
import dev.pat.support.Metrics;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A checked secret is answered from memory (no SQL), and the memory follows every change: through
 * the API at once on this instance, through a NOTIFY from any instance, and when the listening
 * connection is lost the memory is emptied and the database read instead.
 */
@QuarkusTest
class SecretCacheTest {

    private static final String SELF = "/v3/personal-access-tokens/self";
    private static final String CACHE_REQUESTS = "pat_secret_cache_requests_total";

    @Inject
    Fixtures fixtures;

    private Owner owner;

    @BeforeEach
    void arrange() {
        owner = fixtures.administrator();
        awaitListening();
    }

    @Test
    void aWarmSecretCostsNoLookup() {
        String secret = issue("warm");
        fixtures.update("create extension if not exists pg_stat_statements");

        // The control: the first check of a secret misses the memory and reads the database, and the
        // statement count below sees that read. Without it, a count that never matches would pass.
        fixtures.single("select 1 from pg_stat_statements_reset()");
        Map<String, Double> beforeCold = Metrics.scrape();
        self(secret, 200);
        Map<String, Double> afterCold = Metrics.scrape();
        assertEquals(1, secretLookups(), "the cold check's lookup by digest");
        assertEquals(1.0, Metrics.delta(beforeCold, afterCold, CACHE_REQUESTS, "result=\"miss\""), "the cold check missed");
        assertEquals(0.0, Metrics.delta(beforeCold, afterCold, CACHE_REQUESTS, "result=\"hit\""), "the cold check missed");

        // Warm: five checks, all answered from memory, none read the database.
        fixtures.single("select 1 from pg_stat_statements_reset()");
        for (int i = 0; i < 5; i++) {
            self(secret, 200);
        }
        Map<String, Double> afterWarm = Metrics.scrape();
        assertEquals(0, secretLookups(), "no lookup once warm");
        assertEquals(5.0, Metrics.delta(afterCold, afterWarm, CACHE_REQUESTS, "result=\"hit\""), "every warm check hit");
        assertEquals(0.0, Metrics.delta(afterCold, afterWarm, CACHE_REQUESTS, "result=\"miss\""), "no warm check missed");
        assertEquals(0.0, Metrics.delta(afterCold, afterWarm, CACHE_REQUESTS, "result=\"bypassed\""), "none bypassed the memory");
    }

    /** Calls of the statement that finds a token by its secret's digest since the last reset. */
    private long secretLookups() {
        return fixtures.count("select coalesce(sum(calls), 0)::bigint from pg_stat_statements"
                + " where query ilike '%secret_digest=$%' and query not ilike '%pg_stat_statements%'");
    }

    @Test
    void aChangeThroughTheApiIsRefusedAtOnce() {
        String secret = issue("revoked");
        self(secret, 200);
        String id = given().auth().oauth2(secret).get(SELF).then().extract().path("id");
        given().auth().oauth2(owner.jwt()).contentType(ContentType.JSON).body("{\"revoked\":true}")
                .patch("/v3/personal-access-tokens/" + id).then().statusCode(200);
        self(secret, 401);

        String rotated = issue("rotated");
        self(rotated, 200);
        String rotatedId = given().auth().oauth2(rotated).get(SELF).then().extract().path("id");
        given().auth().oauth2(owner.jwt()).post("/v3/personal-access-tokens/" + rotatedId + "/rotate").then().statusCode(200);
        self(rotated, 401);
    }

    @Test
    void aUsersDeletionRefusesItsSecretsAtOnce() {
        Owner user = fixtures.owner(owner.accountId());
        String secret = given().auth().oauth2(user.jwt()).contentType(ContentType.JSON)
                .body("{\"name\":\"doomed\",\"scopes\":[\"personalAccessToken:read\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
        self(secret, 200);
        given().auth().oauth2(owner.jwt()).delete("/v3/users/" + user.userId()).then().statusCode(204);
        self(secret, 401);
    }

    @Test
    void aNoticeFromAnotherInstanceDropsTheSecret() {
        String secret = issue("elsewhere");
        self(secret, 200);
        String id = given().auth().oauth2(secret).get(SELF).then().extract().path("id");
        // What another instance's revocation does in the database: the row and its notice, in one transaction.
        fixtures.update("update personal_access_token set revoked = true where id = ?::uuid", id);
        self(secret, 200);
        fixtures.single("select 1 from pg_notify('pat_token_changes', ?)", "token:" + id);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> self(secret, 401));
    }

    @Test
    void aLostListenerEmptiesTheMemoryAndTheDatabaseIsReadInstead() {
        String secret = issue("unheard");
        self(secret, 200);
        String id = given().auth().oauth2(secret).get(SELF).then().extract().path("id");
        // A change made without a notice is not heard while the listener is up: the memory is in use.
        fixtures.update("update personal_access_token set revoked = true where id = ?::uuid", id);
        self(secret, 200);

        assertEquals(List.of("true"), fixtures.column("select pg_terminate_backend(pid)::text from pg_stat_activity"
                + " where application_name = 'pat-service-listener'"), "the one listening connection was terminated");
        // Once the loss is noticed the memory is empty, and stays trusted only after listening again.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> self(secret, 401));
        awaitListening();
        self(secret, 401);
        // One listening connection again, not one per way the loss was reported.
        assertEquals(1, fixtures.count("select count(*) from pg_stat_activity where application_name = 'pat-service-listener'"));
    }

    private String issue(String name) {
        return given().auth().oauth2(owner.jwt()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"scopes\":[\"personalAccessToken:read\",\"personalAccessToken:write\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract().path("token");
    }

    private static void self(String secret, int status) {
        given().auth().oauth2(secret).get(SELF).then().statusCode(status);
    }

    private static void awaitListening() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                Management.given().get("/q/metrics").then().extract().asString().contains("pat_secret_cache_listener_up 1.0"));
    }

}
