package dev.pat.listing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.TokenApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * One account cannot take the pool with its lists: at most four of its list requests run at once on
 * an instance, a fifth is refused at once while other accounts are served; and no page starts past
 * the 10,000th item.
 */
@QuarkusTest
class ListBoundsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aFifthListOfOneAccountIsRefusedWhileOtherAccountsAreServed() throws Exception {
        UUID busy = UUID.randomUUID();
        String busyJwt = Jwts.admin(busy, fixtures.user(busy, null, null, "admin"));
        UUID other = UUID.randomUUID();
        String otherJwt = Jwts.admin(other, fixtures.user(other, null, null, "admin"));
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            // Every reseller list now waits on this lock, as a heavy query would hold its connection.
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("lock table reseller in access exclusive mode");
            }
            for (int i = 0; i < 4; i++) {
                held.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v3/resellers"))
                        .header("Authorization", "Bearer " + busyJwt).build(), HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fixtures.count(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%from reseller%'") == 4);

            Response refused = RestAssured.given().auth().oauth2(busyJwt).get("/v3/resellers");
            ErrorBodies.assertError(refused, 429, "too_many_lists");
            assertEquals("1", refused.header("Retry-After"));
            RestAssured.given().auth().oauth2(otherJwt).get("/v3/webhooks").then().statusCode(200);
            RestAssured.given().auth().oauth2(otherJwt).get("/v3/personal-access-tokens").then().statusCode(200);
            lock.rollback();
        }
        for (CompletableFuture<HttpResponse<String>> list : held) {
            assertEquals(200, list.get().statusCode(), () -> list.join().body());
        }
        // Their places are given back.
        for (int i = 0; i < 6; i++) {
            RestAssured.given().auth().oauth2(busyJwt).get("/v3/resellers").then().statusCode(200);
        }
    }

    @Test
    void noPageStartsPastTheTenThousandthItem() {
        UUID account = UUID.randomUUID();
        String jwt = Jwts.admin(account, fixtures.user(account, null, null, "admin"));
        RestAssured.given().auth().oauth2(jwt).queryParam("page", 100).queryParam("limit", 100).get("/v3/resellers")
                .then().statusCode(200);
        RestAssured.given().auth().oauth2(jwt).queryParam("page", 400).queryParam("limit", 25).get("/v3/personal-access-tokens")
                .then().statusCode(200);
        for (String path : List.of("/v3/resellers", "/v3/organizations", "/v3/users", "/v3/personal-access-tokens", "/v3/webhooks")) {
            TokenApi.assertValidation(RestAssured.given().auth().oauth2(jwt).queryParam("page", 101).queryParam("limit", 100).get(path),
                    "page");
        }
        TokenApi.assertValidation(RestAssured.given().auth().oauth2(jwt).queryParam("page", 401).get("/v3/users"), "page");
    }
}
