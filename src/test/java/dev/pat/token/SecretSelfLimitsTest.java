package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request authenticated by a token secret cannot outlive or out-rank the secret: no token it
 * makes or re-dates lives longer than the secret, it rotates its own token only with the
 * personalAccessToken:rotate scope, and it rotates, re-dates or re-scopes another token only when
 * it holds every scope of that token. A JWT keeps every right it had (the controls).
 */
@QuarkusTest
class SecretSelfLimitsTest {

    private static final String ROTATE = "personalAccessToken:rotate";
    private static final String LICENSE_WRITE = "license:write";

    @Inject
    Fixtures fixtures;

    private String ownerJwt;
    private Instant inTenDays;

    @BeforeEach
    void arrange() {
        UUID account = UUID.randomUUID();
        UUID owner = fixtures.user(account, null, null, "user");
        ownerJwt = Jwts.user(account, owner);
        inTenDays = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void aSecretCreatesNoTokenThatOutlivesIt() {
        String secret = issue("bounded", inTenDays, READ, WRITE).secret();

        refused(TokenApi.create(secret, fields("name", "later", "scopes", List.of(READ), "expiresAt", inTenDays.plus(1, ChronoUnit.DAYS).toString())),
                "expiry_beyond_credential");
        refused(TokenApi.create(secret, fields("name", "forever", "scopes", List.of(READ))), "expiry_beyond_credential");
        assertEquals(201, TokenApi.create(secret, fields("name", "sooner", "scopes", List.of(READ),
                "expiresAt", inTenDays.minus(1, ChronoUnit.DAYS).toString())).statusCode());
        assertEquals(201, TokenApi.create(ownerJwt, fields("name", "a JWT's", "scopes", List.of(READ))).statusCode(),
                "a JWT is not bound by any secret's end");
    }

    @Test
    void aSecretNeitherExtendsNorClearsItsOwnExpiry() {
        TokenApi.Issued own = issue("own", inTenDays, READ, WRITE);

        refused(TokenApi.patch(own.secret(), own.id(), fields("expiresAt", inTenDays.plus(30, ChronoUnit.DAYS).toString())), "expiry_beyond_credential");
        refused(TokenApi.patch(own.secret(), own.id(), fields("expiresAt", null)), "expiry_beyond_credential");
        Response shortened = TokenApi.patch(own.secret(), own.id(), fields("expiresAt", inTenDays.minus(1, ChronoUnit.DAYS).toString()));
        assertEquals(200, shortened.statusCode(), shortened::asString);
        assertEquals(200, TokenApi.patch(ownerJwt, own.id(), fields("expiresAt", inTenDays.plus(30, ChronoUnit.DAYS).toString())).statusCode(),
                "the owner's JWT may");
    }

    @Test
    void aSecretRotatesItsOwnTokenOnlyWithTheRotateScope() {
        TokenApi.Issued plain = issue("plain", null, READ, WRITE);
        refused(TokenApi.rotate(plain.secret(), plain.id()), "self_rotation_not_allowed");
        TokenApi.self(plain.secret()).then().statusCode(200);

        TokenApi.Issued rotating = issue("rotating", null, READ, WRITE, ROTATE);
        Response rotated = TokenApi.rotate(rotating.secret(), rotating.id());
        assertEquals(200, rotated.statusCode(), rotated::asString);
        assertEquals(200, TokenApi.rotate(ownerJwt, plain.id()).statusCode(), "the owner's JWT rotates any of its tokens");
    }

    @Test
    void aSecretActsOnAnotherTokenOnlyWhenItHoldsEveryScopeOfIt() {
        String narrow = issue("narrow", null, READ, WRITE).secret();
        TokenApi.Issued wider = issue("wider", null, READ, WRITE, LICENSE_WRITE);

        refused(TokenApi.rotate(narrow, wider.id()), "insufficient_scope_for_token");
        refused(TokenApi.patch(narrow, wider.id(), fields("expiresAt", inTenDays.toString())), "insufficient_scope_for_token");
        refused(TokenApi.patch(narrow, wider.id(), fields("scopes", List.of(READ))), "insufficient_scope_for_token");
        TokenApi.self(wider.secret()).then().statusCode(200);
        assertEquals(200, TokenApi.patch(narrow, wider.id(), fields("name", "renamed")).statusCode(), "a rename gives nothing");

        String broad = issue("broad", null, READ, WRITE, LICENSE_WRITE).secret();
        Response rotated = TokenApi.rotate(broad, wider.id());
        assertEquals(200, rotated.statusCode(), rotated::asString);
        assertEquals(200, TokenApi.patch(narrow, wider.id(), fields("revoked", true)).statusCode(), "revoking takes rights away");
    }

    private TokenApi.Issued issue(String name, Instant expiresAt, String... scopes) {
        return TokenApi.issue(ownerJwt, fields("name", name, "scopes", List.of(scopes), "expiresAt",
                expiresAt == null ? null : expiresAt.toString()));
    }

    private static void refused(Response response, String code) {
        ErrorBodies.assertError(response, 403, code);
    }
}
