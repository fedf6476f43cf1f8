package dev.pat.credential;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.ServiceLog;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token's earlier secrets stay recognisable (the ten most recent): a leak report of any of them,
 * or of the one a grace period keeps working, revokes the token; a use of one after it stopped
 * working is refused, as always, and recorded as a token.reuse_detected event with the client's address.
 */
@QuarkusTest
class TokenFamilyTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    private String ownerJwt;

    @BeforeEach
    void arrange() {
        UUID account = UUID.randomUUID();
        UUID owner = fixtures.user(account, null, null, "user");
        ownerJwt = Jwts.user(account, owner);
    }

    @AfterEach
    void release() {
        clock.release();
    }

    @Test
    void aLeakReportOfTheSecretInItsGracePeriodRevokesTheTokenAtOnce() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "graceful", READ, WRITE);
        String current = TokenApi.rotate(ownerJwt, token.id(), fields("gracePeriodSeconds", 3600)).jsonPath().getString("token");
        TokenApi.self(token.secret()).then().statusCode(200);

        report(token.secret());

        TokenApi.self(current).then().statusCode(401);
        assertEquals(true, TokenApi.get(ownerJwt, token.id()).jsonPath().getBoolean("revoked"));
    }

    @Test
    void aLeakReportOfAnEarlierSecretRevokesTheToken() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "family", READ, WRITE);
        TokenApi.rotate(ownerJwt, token.id()).then().statusCode(200);
        String current = TokenApi.rotate(ownerJwt, token.id()).jsonPath().getString("token");
        TokenApi.self(current).then().statusCode(200);

        report(token.secret());

        TokenApi.self(current).then().statusCode(401);
    }

    @Test
    void onlyTheTenMostRecentEarlierSecretsAreKept() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "long family", READ, WRITE);
        List<String> secrets = new ArrayList<>(List.of(token.secret()));
        for (int i = 0; i < 11; i++) {
            secrets.add(TokenApi.rotate(ownerJwt, token.id()).jsonPath().getString("token"));
        }
        assertEquals(10, fixtures.count("select count(*) from token_secret_history where token_id = ?::uuid", token.id()));

        report(secrets.get(0));
        assertEquals(false, TokenApi.get(ownerJwt, token.id()).jsonPath().getBoolean("revoked"), "the oldest is forgotten");
        report(secrets.get(1));
        assertEquals(true, TokenApi.get(ownerJwt, token.id()).jsonPath().getBoolean("revoked"), "the tenth most recent is kept");
    }

    @Test
    void aRotatedAwaySecretInUseIsRefusedAndRecordedAsReuseWithTheAddress() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "reused", READ, WRITE);
        TokenApi.rotate(ownerJwt, token.id()).then().statusCode(200);

        TokenApi.self(token.secret()).then().statusCode(401);
        TokenApi.self(token.secret()).then().statusCode(401);

        awaitReuseEvents(token.id(), 1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> ServiceLog.read().lines()
                .anyMatch(line -> line.contains("token_event=reuse_detected token_id=" + token.id()) && line.contains("client_address=127.0.0.1")));
        // A replay in a loop makes one event a minute, not one per request.
        TokenApi.self(token.secret()).then().statusCode(401);
        assertEquals(1, reuseEvents(token.id()));
    }

    @Test
    void theSecretOfAGracePeriodUsedAfterItIsAReuse() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "late", READ, WRITE);
        clock.freezeAt(Instant.now());
        TokenApi.rotate(ownerJwt, token.id(), fields("gracePeriodSeconds", 60)).then().statusCode(200);
        TokenApi.self(token.secret()).then().statusCode(200);
        assertEquals(0, reuseEvents(token.id()), "a use within the grace period is no reuse");

        clock.advance(Duration.ofSeconds(61));
        TokenApi.self(token.secret()).then().statusCode(401);
        awaitReuseEvents(token.id(), 1);
    }

    private static void report(String secret) {
        given().contentType(ContentType.JSON).body("{\"credentials\":[\"" + secret + "\"]}")
                .post("/v3/personal-access-tokens/revoke-leaked").then().statusCode(202);
    }

    private long reuseEvents(String tokenId) {
        return fixtures.count("select count(*) from notification_event where token_id = ?::uuid and event = 'token.reuse_detected'", tokenId);
    }

    private void awaitReuseEvents(String tokenId, long expected) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> reuseEvents(tokenId) == expected);
    }
}
