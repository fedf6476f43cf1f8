package dev.pat.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook resource under the default settings (no worker, private addresses refused): its
 * secret shown once, the list conventions, the URL rules, the cap of webhooks an account holds,
 * who may call it, and account isolation.
 */
@QuarkusTest
class WebhookResourceTest {

    private static final String URL = "https://hooks.example.com/pat";

    @Inject
    Fixtures fixtures;

    private UUID account;
    private String adminJwt;

    @BeforeEach
    void arrange() {
        Owner admin = fixtures.administrator();
        account = admin.accountId();
        adminJwt = admin.jwt();
    }

    @Test
    void theSecretIsShownOnceAndCanBeReplacedButNotRead() {
        Response created = post(adminJwt, Map.of("url", URL, "events", List.of("token.created", "token.revoked")));
        created.then().statusCode(201).header("Location", startsWith("http")).body("secret", startsWith("whsec_"))
                .body("active", is(true)).body("events", is(List.of("token.created", "token.revoked")));
        String id = created.path("id");
        String secret = created.path("secret");
        assertEquals(secret, fixtures.single("select secret from webhook where id = ?", UUID.fromString(id)));

        given().auth().oauth2(adminJwt).get(Hooks.WEBHOOKS + "/" + id).then().statusCode(200).body("secret", nullValue())
                .body("url", is(URL));
        given().auth().oauth2(adminJwt).get(Hooks.WEBHOOKS).then().statusCode(200).header("Pagination-Count", "1")
                .body("[0].secret", nullValue());

        String replacement = "a-secret-of-my-own-choosing";
        given().auth().oauth2(adminJwt).contentType(ContentType.JSON).body(Map.of("secret", replacement, "active", false))
                .patch(Hooks.WEBHOOKS + "/" + id).then().statusCode(200).body("secret", nullValue()).body("active", is(false));
        assertEquals(replacement, fixtures.single("select secret from webhook where id = ?", UUID.fromString(id)));

        Response given = post(adminJwt, Map.of("url", URL, "events", List.of("token.created"), "secret", replacement));
        given.then().statusCode(201).body("secret", is(replacement));
    }

    @Test
    void theListFollowsTheConventions() {
        post(adminJwt, Map.of("url", URL + "/a", "events", List.of("token.created"))).then().statusCode(201);
        post(adminJwt, Map.of("url", URL + "/b", "events", List.of("token.expiring"), "active", false)).then().statusCode(201);

        given().auth().oauth2(adminJwt).queryParam("events", "token.expiring").get(Hooks.WEBHOOKS).then().statusCode(200)
                .header("Pagination-Count", "1").body("[0].url", is(URL + "/b"));
        given().auth().oauth2(adminJwt).queryParam("active", "true").queryParam("sort", "-url").get(Hooks.WEBHOOKS).then()
                .statusCode(200).header("Pagination-Count", "1").body("[0].url", is(URL + "/a"));
        given().auth().oauth2(adminJwt).queryParam("secret", "x").get(Hooks.WEBHOOKS).then().statusCode(400)
                .body("code", is("validation_failed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/hook", "http://127.0.0.1/hook", "http://10.1.2.3/hook", "http://192.168.0.1/hook",
            "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://[fd00::1]/hook", "http://100.64.0.1/hook",
            "http://metadata.google.internal/", "http://0.0.0.0/hook", "ftp://hooks.example.com/hook", "hooks.example.com/hook",
            "https://user:password@hooks.example.com/hook", "not a url", "http:///hook",
            // names only a cluster's or a host's resolver knows
            "http://redis:6379/hook", "http://kubernetes.default.svc/hook", "http://payments.prod.svc.cluster.local/hook",
            // IPv6 prefixes that carry an IPv4 address inside them: NAT64, 6to4, IPv4-compatible
            "http://[64:ff9b::a9fe:a9fe]/latest/meta-data", "http://[2002:a9fe:a9fe::1]/hook", "http://[::a00:1]/hook"})
    void aUrlThatIsNotAPublicHttpUrlIsRefused(String url) {
        post(adminJwt, Map.of("url", url, "events", List.of("token.created"))).then().statusCode(400)
                .body("code", is("validation_failed")).body("errors.field", hasItem("url"));
        assertEquals(0, fixtures.count("select count(*) from webhook where account_id = ?", account));
    }

    @Test
    void anAccountHoldsAtMostAHundredWebhooksEvenWhenCreatedAtOnce() throws Exception {
        for (int i = 0; i < 95; i++) {
            fixtures.update("insert into webhook (id, account_id, created_at, updated_at, url, events, secret)"
                    + " values (?, ?, now(), now(), ?, ?, ?)", UUID.randomUUID(), account, URL + "/" + i, new String[] {"token.created"},
                    "a-secret-of-sixteen-characters");
        }
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String url = URL + "/concurrent-" + i;
                answers.add(callers.submit(() -> {
                    start.await();
                    return post(adminJwt, Map.of("url", url, "events", List.of("token.created")));
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() == 409) {
                    assertEquals("too_many_webhooks", response.path("code"), response.asString());
                }
            }
            assertEquals(5, statuses.stream().filter(status -> status == 201).count(), statuses::toString);
            assertEquals(5, statuses.stream().filter(status -> status == 409).count(), statuses::toString);
        } finally {
            callers.shutdownNow();
        }
        assertEquals(100, fixtures.count("select count(*) from webhook where account_id = ?", account));

        String oneOfThem = given().auth().oauth2(adminJwt).get(Hooks.WEBHOOKS).path("[0].id");
        given().auth().oauth2(adminJwt).delete(Hooks.WEBHOOKS + "/" + oneOfThem).then().statusCode(204);
        post(adminJwt, Map.of("url", URL, "events", List.of("token.created"))).then().statusCode(201);
    }

    @Test
    void unknownEventsAndShortSecretsAreRefused() {
        post(adminJwt, Map.of("url", URL, "events", List.of("token.created", "token.stolen"))).then().statusCode(400)
                .body("errors.field", hasItem("events[1]"));
        post(adminJwt, Map.of("url", URL, "events", List.of())).then().statusCode(400).body("errors.field", hasItem("events"));
        post(adminJwt, Map.of("url", URL, "events", List.of("token.created"), "secret", "short")).then().statusCode(400)
                .body("errors.field", hasItem("secret"));
        post(adminJwt, Map.of("url", URL, "events", List.of("token.created"), "colour", "red")).then().statusCode(400);
        String id = post(adminJwt, Map.of("url", URL, "events", List.of("token.created"))).path("id");
        given().auth().oauth2(adminJwt).contentType(ContentType.JSON).body("{\"secret\": null}").patch(Hooks.WEBHOOKS + "/" + id)
                .then().statusCode(400).body("errors.field", hasItem("secret"));
    }

    @Test
    void onlyAnAdministratorOfTheAccountReachesItsWebhooks() {
        String id = post(adminJwt, Map.of("url", URL, "events", List.of("token.created"))).path("id");
        String path = Hooks.WEBHOOKS + "/" + id;

        String userJwt = fixtures.owner(account).jwt();
        given().auth().oauth2(userJwt).get(path).then().statusCode(403).body("code", is("forbidden"));
        given().auth().oauth2(userJwt).get(Hooks.WEBHOOKS).then().statusCode(403);
        post(userJwt, Map.of("url", URL, "events", List.of("token.created"))).then().statusCode(403);

        String otherAdmin = fixtures.administrator().jwt();
        given().auth().oauth2(otherAdmin).get(path).then().statusCode(404).body("code", is("not_found"));
        given().auth().oauth2(otherAdmin).get(path + "/deliveries").then().statusCode(404);
        given().auth().oauth2(otherAdmin).contentType(ContentType.JSON).body(Map.of("active", false)).patch(path).then().statusCode(404);
        given().auth().oauth2(otherAdmin).delete(path).then().statusCode(404);
        given().auth().oauth2(otherAdmin).get(Hooks.WEBHOOKS).then().statusCode(200).header("Pagination-Count", "0");

        String reader = Jwts.scoped(account, UUID.randomUUID(), "webhook:read", "admin");
        given().auth().oauth2(reader).get(path).then().statusCode(200);
        post(reader, Map.of("url", URL, "events", List.of("token.created"))).then().statusCode(403);
        String tokenScoped = Jwts.scoped(account, UUID.randomUUID(), "personalAccessToken:write", "admin");
        given().auth().oauth2(tokenScoped).get(path).then().statusCode(403);

        given().auth().oauth2(adminJwt).delete(path).then().statusCode(204);
        given().auth().oauth2(adminJwt).get(path).then().statusCode(404);
    }

    @Test
    void everyTokenChangeWritesItsEventInTheSameTransaction() {
        post(adminJwt, Map.of("url", URL, "events", Hooks.ALL_EVENTS)).then().statusCode(201);
        String tokenId = Hooks.createToken(adminJwt, "outboxed", null);
        Hooks.revoke(adminJwt, tokenId).then().statusCode(200);
        given().auth().oauth2(adminJwt).delete(Hooks.TOKENS + "/" + tokenId).then().statusCode(204);

        assertEquals(List.of("token.created", "token.revoked", "token.deleted"),
                fixtures.column("select event from notification_event where token_id = ? order by id",
                        UUID.fromString(tokenId)));
        assertEquals(3, fixtures.count("select count(*) from notification_delivery where account_id = ? and status = 'pending'", account));
        String payload = (String) fixtures.single("select payload from notification_event where token_id = ? and event = 'token.created'",
                UUID.fromString(tokenId));
        assertFalse(payload.contains("\"token\""), payload);
        assertTrue(payload.contains("\"accountId\":\"" + account + "\""), payload);
    }

    @Test
    void deletingAUserTellsOfEachOfItsTokens() {
        post(adminJwt, Map.of("url", URL, "events", List.of("token.revoked"))).then().statusCode(201);
        Owner user = fixtures.owner(account);
        String userJwt = user.jwt();
        String first = Hooks.createToken(userJwt, "first", null);
        String second = Hooks.createToken(userJwt, "second", null);
        Hooks.revoke(userJwt, second).then().statusCode(200);

        given().auth().oauth2(adminJwt).delete("/v3/users/" + user.userId()).then().statusCode(204);

        List<Object> reasons = fixtures.column("select substring(payload from '\"reason\":\"([a-z_]+)\"') from notification_event"
                + " where token_id = ? and event = 'token.revoked'", UUID.fromString(first));
        assertEquals(List.of("user_deleted"), reasons);
        assertEquals(1, fixtures.count("select count(*) from notification_event where token_id = ? and event = 'token.revoked'",
                UUID.fromString(second)), "a token revoked before is not told again");
        assertNotEquals(0, fixtures.count("select count(*) from notification_delivery where account_id = ?", account));
    }

    private static Response post(String jwt, Map<String, Object> body) {
        return given().auth().oauth2(jwt).contentType(ContentType.JSON).body(body).post(Hooks.WEBHOOKS);
    }
}
