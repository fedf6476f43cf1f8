package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static dev.pat.support.TokenApi.rotate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.SeedContract;
import dev.pat.support.TokenApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /v3/personal-access-tokens/{id}/rotate: the same token with a new secret, shown once; the old
 * secret is refused from that moment on.
 */
@QuarkusTest
class TokenRotateTest {

    @Inject
    Fixtures fixtures;

    @TestHTTPResource("/v3/personal-access-tokens")
    URI tokensUri;

    private Owner owner;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
    }

    @Test
    void rotationIssuesANewSecretForTheSameToken() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "rotating", READ, WRITE);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Response response = rotate(owner.jwt(), token.id());

        assertEquals(200, response.statusCode(), response::asString);
        JsonNode body = SeedContract.parse(response.asString());
        SeedContract.assertKeys(TokenApi.ISSUED_KEYS, body, "rotated token");
        assertEquals(token.id(), body.get("id").asText(), "Rotation keeps the id");
        assertEquals("rotating", body.get("name").asText());
        assertEquals(List.of(READ, WRITE), response.jsonPath().getList("scopes", String.class));
        String secret = body.get("token").asText();
        assertTrue(TokenApi.SECRET_FORMAT.matcher(secret).matches(), () -> "Secret format: " + secret);
        assertNotEquals(token.secret(), secret);
        Instant rotatedAt = Instant.parse(body.get("lastRotatedAt").asText());
        assertFalse(rotatedAt.isBefore(start), () -> "lastRotatedAt " + rotatedAt + " is before the request");
        assertFalse(rotatedAt.isAfter(Instant.now()), () -> "lastRotatedAt " + rotatedAt + " is in the future");
        assertNotEquals(token.etag(), TokenApi.assertEtag(response, token.id()), "Rotation makes a new version");
        assertEquals("no-store", response.header("Cache-Control"));

        Object digest = fixtures.single("select secret_digest from personal_access_token where id = ?", UUID.fromString(token.id()));
        assertArrayEquals(Fixtures.sha256(secret), (byte[]) digest, "Only the new secret's digest is stored");

        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        Response self = TokenApi.self(secret);
        assertEquals(200, self.statusCode(), self::asString);
        assertEquals(token.id(), self.jsonPath().getString("id"));

        Response fetched = TokenApi.get(owner.jwt(), token.id());
        assertEquals(rotatedAt.toString(), fetched.jsonPath().getString("lastRotatedAt"));
        TokenApi.assertNoSecret(fetched, secret);
    }

    @Test
    void everyRotationKillsThePreviousSecret() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "twice", READ);
        String second = rotatedSecret(rotate(owner.jwt(), token.id()));
        String third = rotatedSecret(rotate(owner.jwt(), token.id()));

        assertNotEquals(second, third);
        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        TokenApi.assertUnauthorized(TokenApi.self(second));
        assertEquals(200, TokenApi.self(third).statusCode());
    }

    @Test
    void aBarePostWithoutBodyOrContentTypeRotates() throws Exception {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "bare", READ);
        // java.net.http sends no Content-Type unless told to, unlike some HTTP client defaults.
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokensUri + "/" + token.id() + "/rotate"))
                .header("Authorization", "Bearer " + owner.jwt())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response::body);
        JsonNode body = SeedContract.parse(response.body());
        assertEquals(token.id(), body.get("id").asText());
        String secret = body.get("token").asText();
        assertNotEquals(token.secret(), secret);
        assertEquals(200, TokenApi.self(secret).statusCode());
    }

    @Test
    void rotationMaySetANewExpiry() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "renewed", READ);
        Instant expiresAt = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        Response response = rotate(owner.jwt(), token.id(), fields("expiresAt", expiresAt.toString()));

        assertEquals(200, response.statusCode(), response::asString);
        assertEquals(expiresAt.toString(), response.jsonPath().getString("expiresAt"));
        assertEquals(expiresAt.toString(), TokenApi.get(owner.jwt(), token.id()).jsonPath().getString("expiresAt"));
    }

    @Test
    void rotationWithoutExpiryKeepsTheCurrentOne() {
        Instant expiresAt = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        TokenApi.Issued token = TokenApi.issue(owner.jwt(),
                fields("name", "kept expiry", "expiresAt", expiresAt.toString(), "scopes", List.of(READ)));

        assertEquals(expiresAt.toString(), rotate(owner.jwt(), token.id()).jsonPath().getString("expiresAt"));
        assertEquals(expiresAt.toString(), rotate(owner.jwt(), token.id(), "{}").jsonPath().getString("expiresAt"));
    }

    @Test
    void anInvalidBodyRotatesNothing() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "invalid rotation", READ);
        String past = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

        TokenApi.assertValidation(rotate(owner.jwt(), token.id(), fields("expiresAt", past)), "expiresAt");
        TokenApi.assertValidation(rotate(owner.jwt(), token.id(), fields("expiresAt", "tomorrow")), "expiresAt");
        TokenApi.assertValidation(rotate(owner.jwt(), token.id(), fields("name", "renamed on the way")), "name");

        assertEquals(200, TokenApi.self(token.secret()).statusCode(), "The old secret still works");
        assertArrayEquals(Fixtures.sha256(token.secret()), (byte[]) fixtures.single(
                "select secret_digest from personal_access_token where id = ?", UUID.fromString(token.id())));
    }

    @Test
    void aRevokedTokenCannotBeRotated() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "revoked", READ);
        assertEquals(200, TokenApi.patch(owner.jwt(), token.id(), fields("revoked", true)).statusCode());

        ErrorBodies.assertError(rotate(owner.jwt(), token.id()), 400, "token_revoked");
        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        assertArrayEquals(Fixtures.sha256(token.secret()), (byte[]) fixtures.single(
                "select secret_digest from personal_access_token where id = ?", UUID.fromString(token.id())));
    }

    @Test
    void anExpiredTokenCannotBeRotated() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "expired", null, Instant.now().minus(1, ChronoUnit.DAYS), false, READ);
        ErrorBodies.assertError(rotate(owner.jwt(), id.toString()), 400, "token_expired");
        // A new expiry in the same request does not bring it back either.
        String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        ErrorBodies.assertError(rotate(owner.jwt(), id.toString(), fields("expiresAt", future)), 400, "token_expired");
    }

    @Test
    void aTokenWithTheRotateScopeCanRotateItself() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "self-rotating", READ, WRITE, "personalAccessToken:rotate");

        String secret = rotatedSecret(rotate(token.secret(), token.id()));

        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        assertEquals(token.id(), TokenApi.self(secret).jsonPath().getString("id"));
    }

    @Test
    void aReadOnlyCredentialCannotRotate() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "read only", READ);
        ErrorBodies.assertError(rotate(owner.scoped(READ), token.id()), 403, "forbidden");
        ErrorBodies.assertError(rotate(token.secret(), token.id()), 403, "forbidden");
        assertEquals(200, TokenApi.self(token.secret()).statusCode(), "Nothing was rotated");
    }

    @Test
    void onlyTheOwnerRotatesNotEvenAnAdministrator() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "mine alone", READ, WRITE);
        String adminJwt = fixtures.administrator(owner.accountId()).jwt();
        assertEquals(200, TokenApi.get(adminJwt, token.id()).statusCode(), "control: the administrator sees the token");

        ErrorBodies.assertError(rotate(adminJwt, token.id()), 404, "not_found");

        assertArrayEquals(Fixtures.sha256(token.secret()), (byte[]) fixtures.single(
                "select secret_digest from personal_access_token where id = ?", UUID.fromString(token.id())));
        assertEquals(200, TokenApi.self(token.secret()).statusCode(), "the owner's secret still works");
        // Revoking and deleting stay the administrator's to do.
        assertEquals(200, TokenApi.patch(adminJwt, token.id(), fields("revoked", true)).statusCode());
    }

    @Test
    void aMissingTokenIs404() {
        ErrorBodies.assertError(rotate(owner.jwt(), UUID.randomUUID().toString()), 404, "not_found");
        ErrorBodies.assertError(rotate(owner.jwt(), "abc"), 404, "not_found");
    }

    private static String rotatedSecret(Response response) {
        assertEquals(200, response.statusCode(), response::asString);
        String secret = response.jsonPath().getString("token");
        assertTrue(secret != null && TokenApi.SECRET_FORMAT.matcher(secret).matches(), () -> "Secret: " + secret);
        return secret;
    }
}
