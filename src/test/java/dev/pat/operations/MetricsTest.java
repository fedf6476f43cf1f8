package dev.pat.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.Fixtures;
import dev.pat.support.Management;
import dev.pat.support.Metrics;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics in Prometheus format: route templates, pool gauges and token counters, no ids or
 * secrets in labels. Counters exist from the start at zero, so each is read before and after and
 * must have moved by exactly what the test did.
 */
@QuarkusTest
class MetricsTest {

    @Inject
    Fixtures fixtures;

    @Test
    void exposesRouteTimingsPoolAndTokenCountersWithoutIdentifiers() {
        Owner admin = fixtures.administrator();
        String jwt = admin.jwt();
        Map<String, Double> before = Metrics.scrape();
        var created = given().auth().oauth2(jwt).contentType("application/json")
                .body("{\"name\":\"metered\",\"scopes\":[\"personalAccessToken:read\"]}")
                .post("/v3/personal-access-tokens").then().statusCode(201).extract();
        String id = created.path("id");
        String secret = created.path("token");
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + id).then().statusCode(200);
        given().auth().oauth2(jwt).post("/v3/personal-access-tokens/" + id + "/rotate").then().statusCode(200);
        given().auth().oauth2(secret).get("/v3/personal-access-tokens/self").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").get("/v3/personal-access-tokens/" + id).then().statusCode(401);
        given().auth().oauth2(jwt).contentType("application/json").body("{\"revoked\":true}")
                .patch("/v3/personal-access-tokens/" + id).then().statusCode(200);
        given().auth().oauth2(jwt).delete("/v3/personal-access-tokens/" + id).then().statusCode(204);

        String metrics = Management.given().get("/q/metrics").then().statusCode(200)
                .header("Content-Type", anyOf(containsString("text/plain"), containsString("openmetrics-text")))
                .body(not(containsString(id)))
                .body(not(containsString(secret)))
                .body(not(containsString(admin.userId().toString())))
                .body(not(containsString(admin.accountId().toString())))
                .extract().asString();
        Map<String, Double> after = Metrics.parse(metrics);

        // Each counter moved by exactly what this test did: one of each lifecycle event, one refusal of each kind.
        for (String event : new String[] {"created", "rotated", "revoked", "deleted"}) {
            assertEquals(1.0, Metrics.delta(before, after, "pat_token_events_total", "event=\"" + event + "\""), "event " + event);
        }
        assertEquals(0.0, Metrics.delta(before, after, "pat_token_events_total", "event=\"updated\""),
                "a revocation is counted as revoked, not as updated");
        // A rotated-away secret is still known (as the token's former secret, for reuse detection) and past its grace.
        assertEquals(1.0, Metrics.delta(before, after, "pat_credentials_refused_total", "reason=\"expired\""),
                "the rotated-away secret");
        assertEquals(0.0, Metrics.delta(before, after, "pat_credentials_refused_total", "reason=\"unknown\""),
                "no secret of this test was unknown");
        assertEquals(1.0, Metrics.delta(before, after, "pat_credentials_refused_total", "reason=\"invalid_jwt\""),
                "the malformed JWT");
        assertEquals(0.0, Metrics.delta(before, after, "pat_credentials_refused_total", "reason=\"revoked\""),
                "nothing else was refused");
        // HTTP timings per route template: this test's one successful read by id, rotation and deletion.
        assertEquals(1.0, Metrics.delta(before, after, "http_server_requests_seconds_count",
                "method=\"GET\"", "status=\"200\"", "uri=\"/v3/personal-access-tokens/{id}\""), "GET by id");
        assertEquals(1.0, Metrics.delta(before, after, "http_server_requests_seconds_count",
                "method=\"POST\"", "status=\"200\"", "uri=\"/v3/personal-access-tokens/{id}/rotate\""), "rotation");
        assertEquals(1.0, Metrics.delta(before, after, "http_server_requests_seconds_count",
                "method=\"DELETE\"", "status=\"204\"", "uri=\"/v3/personal-access-tokens/{id}\""), "deletion");
        // The reactive pool that serves requests: connections in use and requests waiting for one.
        assertTrue(metrics.contains("sql_pool_active{"), "pool: active connections");
        assertTrue(metrics.contains("sql_pool_queue_size{"), "pool: requests waiting");
        assertTrue(metrics.contains("agroal_available_count{"), "migration pool: idle connections");
        assertFalse(metrics.contains("Bearer"), "no credential anywhere");
    }
}
