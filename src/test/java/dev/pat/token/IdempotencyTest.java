package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.platform.idempotency.Idempotency;
import dev.pat.support.ControlledClock;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on create and rotate: a retry gets the first answer, never a second token or secret. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Idempotency idempotency;

    private Owner owner;
    private Map<String, Object> body;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
        body = fields("name", "ci", "scopes", List.of(READ, WRITE));
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    private static Response create(String jwt, String key, Object body) {
        var request = TokenApi.as(jwt).contentType(ContentType.JSON).body(TokenApi.json(body));
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.when().post(TokenApi.TOKENS).then().extract().response();
    }

    private static Response rotate(String jwt, String id, String key) {
        return TokenApi.as(jwt).header("Idempotency-Key", key).when().post(TokenApi.ROTATE, id).then().extract().response();
    }

    private long tokens() {
        return fixtures.count("select count(*) from personal_access_token where account_id = ?", owner.accountId());
    }

    @Test
    void aRetryGetsTheFirstAnswerAgainAndCreatesNothing() {
        Response first = create(owner.jwt(), "retry-1", body);
        assertEquals(201, first.statusCode(), first::asString);
        // The same body spelled otherwise is the same request.
        Response again = create(owner.jwt(), "\"retry-1\"", "{ \"scopes\": [\"" + READ + "\", \"" + WRITE + "\"], \"name\": \"ci\" }");

        assertEquals(201, again.statusCode(), again::asString);
        assertEquals(first.asString(), again.asString());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(first.header("ETag"), again.header("ETag"));
        assertEquals(1, tokens());
        assertEquals(200, TokenApi.self(again.jsonPath().getString("token")).statusCode(), "the secret given again works");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        assertEquals(201, create(owner.jwt(), "k", body).statusCode());
        ErrorBodies.assertError(create(owner.jwt(), "k", fields("name", "other", "scopes", List.of(READ))), 422, "idempotency_key_reused");
        assertEquals(1, tokens());
    }

    @Test
    void keysBelongToTheirCaller() {
        Response mine = create(owner.jwt(), "shared", body);
        Owner colleague = fixtures.owner(owner.accountId());
        Response theirs = create(colleague.jwt(), "shared", body);
        assertEquals(201, theirs.statusCode(), theirs::asString);
        assertNotEquals(mine.jsonPath().getString("token"), theirs.jsonPath().getString("token"));
        // A token secret of the same user is another caller too.
        Response bySecret = create(mine.jsonPath().getString("token"), "shared", body);
        assertEquals(201, bySecret.statusCode(), bySecret::asString);
        assertEquals(3, tokens());
    }

    @Test
    void withoutTheHeaderEveryRequestIsNew() {
        assertNotEquals(create(owner.jwt(), null, body).jsonPath().getString("token"), create(owner.jwt(), null, body).jsonPath().getString("token"));
        assertEquals(2, tokens());
        assertEquals(0, fixtures.count("select count(*) from idempotency_record where account_id = ?", owner.accountId()));
    }

    @Test
    void theFirstAnswerIsKeptTenMinutesOnly() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);
        String first = create(owner.jwt(), "window", body).jsonPath().getString("token");
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertEquals(first, create(owner.jwt(), "window", body).jsonPath().getString("token"));
        clock.advance(Duration.ofSeconds(1));
        Response later = create(owner.jwt(), "window", body);
        assertEquals(201, later.statusCode(), later::asString);
        assertNotEquals(first, later.jsonPath().getString("token"));
        assertEquals(2, tokens());
    }

    @Test
    void thePurgeRemovesAnswersPastTheirWindowOnly() throws Throwable {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);
        create(owner.jwt(), "old", body);
        clock.advance(Duration.ofMinutes(5));
        create(owner.jwt(), "young", body);
        clock.advance(Duration.ofMinutes(5));
        VertxContextSupport.subscribeAndAwait(idempotency::purge);
        assertEquals(List.of("young"), fixtures.column("select idempotency_key from idempotency_record where account_id = ?",
                owner.accountId()));
    }

    @Test
    void theStoredAnswerIsEncrypted() {
        String secret = create(owner.jwt(), "sealed", body).jsonPath().getString("token");
        byte[] stored = (byte[]) fixtures.single("select answer from idempotency_record where account_id = ?", owner.accountId());
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(secret.substring(4, 34)), "the secret lies in the clear");
        assertFalse(text.contains("\"name\""), "the body lies in the clear");
        assertTrue(stored.length > secret.length());
    }

    @Test
    void aRotationRetriedGetsTheSameNewSecretAndRotatesOnce() {
        String id = create(owner.jwt(), null, body).jsonPath().getString("id");
        Response first = rotate(owner.jwt(), id, "rotate-1");
        assertEquals(200, first.statusCode(), first::asString);
        Response again = rotate(owner.jwt(), id, "rotate-1");
        assertEquals(first.asString(), again.asString());
        assertEquals(first.header("ETag"), again.header("ETag"));
        assertEquals(200, TokenApi.self(again.jsonPath().getString("token")).statusCode());
        assertEquals(1, fixtures.count("select count(*) from token_secret_history where token_id = ?", UUID.fromString(id)));
        // Another operation under the same key is another request.
        ErrorBodies.assertError(create(owner.jwt(), "rotate-1", body), 422, "idempotency_key_reused");
    }

    @Test
    void aDuplicateWhileTheFirstIsUnderWayIsAConflict() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // The owner's row locked: the first create waits on it, holding its key, until this transaction ends.
            try (PreparedStatement lock = connection.prepareStatement("select 1 from app_user where id = ? for update")) {
                lock.setObject(1, owner.userId());
                lock.executeQuery().close();
            }
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> create(owner.jwt(), "in-flight", body));
            await().atMost(Duration.ofSeconds(4)).until(() -> fixtures.count("select count(*) from pg_stat_activity"
                    + " where wait_event_type = 'Lock' and query ilike '%app_user%'") > 0);

            ErrorBodies.assertError(create(owner.jwt(), "in-flight", body), 409, "idempotency_key_in_use");
            connection.commit();
            Response answered = first.get(10, TimeUnit.SECONDS);
            assertEquals(201, answered.statusCode(), answered::asString);
            assertEquals(answered.asString(), create(owner.jwt(), "in-flight", body).asString());
        }
        assertEquals(1, tokens());
    }

    @Test
    void aMalformedKeyIsRefused() {
        TokenApi.assertValidation(create(owner.jwt(), "x".repeat(256), body), "Idempotency-Key");
        TokenApi.assertValidation(create(owner.jwt(), "with space", body), "Idempotency-Key");
        assertEquals(0, tokens());
    }
}
