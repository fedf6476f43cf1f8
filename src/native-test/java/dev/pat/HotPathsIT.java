package dev.pat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Black box: the packaged service answers its hot paths right under concurrent load: a token by id
 * with a JWT (several JWTs, so both a first verification and a remembered one), a secret as bearer,
 * a list page with its count, an introspection. Every answer is checked.
 *
 * <p>These tests run the jar that records the AOT cache (issue 15): this class is also what teaches
 * the cache the classes and method profiles of a serving instance, which a handful of single
 * requests would not. Its size is a compromise between that and the test run's length.
 */
@QuarkusIntegrationTest
class HotPathsIT {

    private static final String TOKENS = "/v3/personal-access-tokens";
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 600;
    private static final int OWN_TOKENS = 40;

    private record Issued(String id, String secret) {
    }

    @Test
    void everyAnswerUnderConcurrentLoadIsRight() throws Exception {
        UUID account = UUID.randomUUID();
        String setup = Jwts.admin(account, UUID.randomUUID());
        String userId = given().auth().oauth2(setup).contentType(ContentType.JSON)
                .body(Map.of("firstName", "Hot", "lastName", "Paths", "email", "hot@paths.example", "role", "admin",
                        "tags", List.of("load"),
                        "metadata", List.of(Map.of("key", "plan", "value", "pro", "viewPermissions", List.of("user")))))
                .post("/v3/users").then().statusCode(201).extract().path("id");
        List<String> jwts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            jwts.add(Jwts.admin(account, UUID.fromString(userId)));
        }
        List<Issued> tokens = new ArrayList<>();
        for (int i = 0; i < OWN_TOKENS; i++) {
            var created = given().auth().oauth2(jwts.get(0)).contentType(ContentType.JSON)
                    .body(Map.of("name", "hot " + i, "scopes", List.of("personalAccessToken:read")))
                    .post(TOKENS).then().statusCode(201).extract();
            tokens.add(new Issued(created.path("id"), created.path("token")));
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        Issued token = tokens.get((client * 7 + round) % tokens.size());
                        String jwt = jwts.get((client + round) % jwts.size());
                        checkById(http, base, jwt, token);
                        checkSelf(http, base, token);
                        if (round % 4 == 0) {
                            checkPage(http, base, jwt, 1 + round % 2);
                        }
                        if (round % 2 == 0) {
                            checkIntrospection(http, base, jwt, token);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            int rounds = 0;
            for (Future<Integer> client : clients) {
                rounds += client.get(5, TimeUnit.MINUTES);
            }
            assertEquals(CLIENTS * ROUNDS, rounds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void checkById(HttpClient http, String base, String jwt, Issued token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + TOKENS + "/" + token.id()))
                .header("Authorization", "Bearer " + jwt).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().startsWith("{\"id\":\"" + token.id() + "\""), response::body);
        assertTrue(response.headers().firstValue("ETag").isPresent(), "ETag");
    }

    private static void checkSelf(HttpClient http, String base, Issued token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + TOKENS + "/self"))
                .header("Authorization", "Bearer " + token.secret()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().startsWith("{\"id\":\"" + token.id() + "\""), response::body);
    }

    private static void checkPage(HttpClient http, String base, String jwt, int page) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + TOKENS + "?limit=25&page=" + page))
                .header("Authorization", "Bearer " + jwt).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        assertEquals(String.valueOf(OWN_TOKENS), response.headers().firstValue("Pagination-Count").orElse(null));
        assertEquals(page == 1 ? 25 : OWN_TOKENS - 25, response.body().split("\"lastRotatedAt\"").length - 1, response::body);
    }

    private static void checkIntrospection(HttpClient http, String base, String jwt, Issued token) throws Exception {
        String form = "token=" + URLEncoder.encode(token.secret(), StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + TOKENS + "/introspect"))
                .header("Authorization", "Bearer " + jwt).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().startsWith("{\"active\":true,"), response::body);
        assertTrue(response.body().contains("\"tokenId\":\"" + token.id() + "\""), response::body);
    }
}
