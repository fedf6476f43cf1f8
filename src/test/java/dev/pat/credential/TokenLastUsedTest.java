package dev.pat.credential;

import static dev.pat.support.TokenApi.READ;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * lastUsedAt records the use of a secret, written off the request's path and at most once per
 * pat.tokens.last-used-interval (one minute by default) per token.
 */
@QuarkusTest
class TokenLastUsedTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    private String ownerJwt;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @BeforeEach
    void arrange() {
        ownerJwt = fixtures.owner().jwt();
    }

    @Test
    void aUseIsRecordedOnceAMinute() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "tracked", READ);
        UUID id = UUID.fromString(token.id());
        assertEquals(null, lastUsedAt(id), "A new token has not been used");
        // The minute is measured on the service's clock, which the test holds still and moves.
        Instant firstUse = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        clock.freezeAt(firstUse);

        use(token.secret());
        use(token.secret());
        // The write is asynchronous: wait for it rather than expect it with the answer.
        await().atMost(Duration.ofSeconds(10)).until(() -> lastUsedAt(id), Objects::nonNull);
        assertEquals(firstUse, lastUsedAt(id).toInstant());

        clock.advance(Duration.ofSeconds(59));
        for (int i = 0; i < 5; i++) {
            use(token.secret());
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> firstUse.equals(lastUsedAt(id).toInstant()));

        // The API shows the recorded time, in whole seconds.
        Response fetched = TokenApi.get(ownerJwt, token.id());
        assertEquals(firstUse.truncatedTo(ChronoUnit.SECONDS).toString(), fetched.jsonPath().getString("lastUsedAt"));

        // A minute after the recorded use, the next use is recorded.
        clock.advance(Duration.ofSeconds(2));
        use(token.secret());
        Instant secondUse = firstUse.plusSeconds(61);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastUsedAt(id).toInstant(), secondUse::equals);
    }

    @Test
    void anOldUseIsReplacedByANewOne() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "long unused", READ);
        UUID id = UUID.fromString(token.id());
        Timestamp longAgo = Timestamp.from(Fixtures.T0);
        fixtures.update("update personal_access_token set last_used_at = ? where id = ?", longAgo, id);

        Instant start = Instant.now().minus(1, ChronoUnit.MINUTES);

        use(token.secret());

        await().atMost(Duration.ofSeconds(10)).until(() -> lastUsedAt(id), t -> t != null && t.toInstant().isAfter(start));
    }

    /**
     * A negative check that cannot pass by a slow write: the JWT uses happen at T, then a use of
     * the secret at T + 10 s must be the one recorded. Had a JWT use been recorded at T, the secret's
     * use within the minute after it would not be, and lastUsedAt would stay T.
     */
    @Test
    void aJwtUseIsNoUseOfAToken() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "read by jwt", READ);
        UUID id = UUID.fromString(token.id());
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        clock.freezeAt(t);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, TokenApi.get(ownerJwt, token.id()).statusCode());
        }
        clock.advance(Duration.ofSeconds(10));
        use(token.secret());
        await().atMost(Duration.ofSeconds(10)).until(() -> lastUsedAt(id), Objects::nonNull);
        assertEquals(t.plusSeconds(10), lastUsedAt(id).toInstant());
    }

    /** Likewise: a refused secret at T, then another token's use as the control that writes have landed. */
    @Test
    void aRefusedSecretIsNoUse() {
        TokenApi.Issued revoked = TokenApi.issue(ownerJwt, "revoked before use", READ);
        TokenApi.Issued control = TokenApi.issue(ownerJwt, "used", READ);
        assertEquals(200, TokenApi.patch(ownerJwt, revoked.id(), TokenApi.fields("revoked", true)).statusCode());
        clock.freezeAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        TokenApi.assertUnauthorized(TokenApi.self(revoked.secret()));
        use(control.secret());
        UUID controlId = UUID.fromString(control.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> lastUsedAt(controlId), Objects::nonNull);
        assertEquals(null, lastUsedAt(UUID.fromString(revoked.id())));
    }

    private static void use(String secret) {
        Response response = TokenApi.self(secret);
        assertEquals(200, response.statusCode(), response::asString);
    }

    private Timestamp lastUsedAt(UUID id) {
        return (Timestamp) fixtures.single("select last_used_at from personal_access_token where id = ?", id);
    }
}
