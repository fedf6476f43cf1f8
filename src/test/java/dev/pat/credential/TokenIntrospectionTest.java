package dev.pat.credential;

import static dev.pat.support.TokenApi.fields;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import dev.pat.token.TokenSecrets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7662 introspection for the platform's resource servers, with real signed JWTs: a platform
 * service (group introspector) sees any account's active secrets, an account administrator its
 * own account's, nobody else may ask, and every inactive case answers exactly {"active":false}.
 */
@QuarkusTest
class TokenIntrospectionTest {

    private static final String INTROSPECT = "/v3/personal-access-tokens/introspect";
    private static final String INACTIVE = "{\"active\":false}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fixtures fixtures;

    private Owner owner;
    private String platformService;

    @BeforeEach
    void arrange() {
        owner = fixtures.administrator();
        // A platform service of another account: the group, not the account, lets it ask.
        platformService = Jwts.forUser(UUID.randomUUID(), UUID.randomUUID(), "introspector");
    }

    @Test
    void aPlatformServiceSeesAnActiveSecretOfAnyAccount() throws Exception {
        Instant expiry = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TokenApi.Issued issued = TokenApi.issue(owner.jwt(), fields("name", "licensing", "expiresAt", expiry.toString(),
                "scopes", List.of("license:read", "user:read")));

        JsonNode answer = JSON.readTree(form(platformService, issued.secret()).then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString());
        assertTrue(answer.path("active").asBoolean());
        assertEquals("license:read user:read", answer.path("scope").asText());
        assertEquals(owner.userId().toString(), answer.path("sub").asText());
        assertEquals(owner.accountId().toString(), answer.path("accountId").asText());
        assertEquals(issued.id(), answer.path("tokenId").asText());
        assertEquals("admin", answer.path("role").asText());
        assertEquals(expiry.getEpochSecond(), answer.path("exp").asLong());
        assertTrue(answer.path("iat").asLong() > Instant.now().minusSeconds(600).getEpochSecond(), "iat: " + answer);
        assertEquals("personal_access_token", answer.path("token_type").asText());
        TokenApi.assertNoSecret(form(platformService, issued.secret()), issued.secret());

        // The JSON form of the same question gets the same answer.
        JsonNode json = JSON.readTree(given().auth().oauth2(platformService).contentType(ContentType.JSON)
                .body("{\"token\":\"" + issued.secret() + "\"}").post(INTROSPECT).then().statusCode(200).extract().asString());
        assertEquals(answer, json);
    }

    @Test
    void aTokenThatNeverExpiresHasNoExpAndIntrospectionIsAUse() throws Exception {
        TokenApi.Issued issued = TokenApi.issue(owner.jwt(), "forever", "license:read");
        JsonNode answer = JSON.readTree(form(owner.jwt(), issued.secret()).then().statusCode(200).extract().asString());
        assertTrue(answer.path("active").asBoolean());
        assertTrue(answer.path("exp").isMissingNode(), "no exp: " + answer);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                fixtures.single("select last_used_at from personal_access_token where id = ?::uuid", issued.id()) != null);
    }

    @Test
    void anAdministratorSeesItsOwnAccountOnlyAndForeignSecretsLookUnknown() {
        TokenApi.Issued issued = TokenApi.issue(owner.jwt(), "mine", "license:read");
        String foreignAdmin = fixtures.administrator().jwt();
        assertEquals(INACTIVE, form(foreignAdmin, issued.secret()).then().statusCode(200).extract().asString());
        assertEquals(INACTIVE, form(foreignAdmin, "pat_" + "x".repeat(36)).then().statusCode(200).extract().asString());
    }

    @Test
    void everyInactiveCaseAnswersTheSame() {
        TokenApi.Issued revoked = TokenApi.issue(owner.jwt(), "revoked", "license:read");
        TokenApi.patch(owner.jwt(), revoked.id(), fields("revoked", true)).then().statusCode(200);
        TokenApi.Issued rotated = TokenApi.issue(owner.jwt(), "rotated", "license:read");
        TokenApi.rotate(owner.jwt(), rotated.id()).then().statusCode(200);
        String expiredSecret = TokenSecrets.generate();
        UUID expired = fixtures.token(owner.accountId(), owner.userId(), "expired", expiredSecret, Instant.now().minusSeconds(60), false,
                "license:read");
        assertEquals(Boolean.TRUE, fixtures.single("select expires_at < now() and not revoked from personal_access_token where id = ?",
                expired), "the expired secret's token is stored, expired and not revoked");
        String unknownButWellFormed = TokenApi.issue(owner.jwt(), "deleted", "license:read").secret();
        given().auth().oauth2(owner.jwt()).delete("/v3/personal-access-tokens/" + idOf(unknownButWellFormed)).then().statusCode(204);

        for (String secret : List.of(revoked.secret(), rotated.secret(), expiredSecret, unknownButWellFormed, "pat_tooShort", "not a secret",
                wrongChecksum(TokenApi.issue(owner.jwt(), "checksum", "license:read").secret()))) {
            assertEquals(INACTIVE, form(platformService, secret).then().statusCode(200).extract().asString(), secret);
        }
    }

    @Test
    void onlyJwtsOfPlatformServicesOrAdministratorsMayAsk() {
        TokenApi.Issued issued = TokenApi.issue(owner.jwt(), "asked", "license:read");
        String plainUser = fixtures.owner(owner.accountId()).jwt();
        ErrorBodies.assertError(form(plainUser, issued.secret()), 403, "forbidden");
        // A secret never introspects, not even an administrator's unscoped one.
        TokenApi.Issued adminSecret = TokenApi.issue(owner.jwt(), "admin secret", "personalAccessToken:read", "personalAccessToken:write");
        ErrorBodies.assertError(form(adminSecret.secret(), issued.secret()), 403, "forbidden");
        TokenApi.assertUnauthorized(given().contentType(ContentType.URLENC).formParam("token", issued.secret()).post(INTROSPECT));
        TokenApi.assertUnauthorized(form("not-a-jwt", issued.secret()));
        TokenApi.assertValidation(given().auth().oauth2(platformService).contentType(ContentType.URLENC)
                .formParam("other", "x").post(INTROSPECT), "token");
    }

    private Response form(String credential, String secret) {
        return given().auth().oauth2(credential).contentType(ContentType.URLENC).formParam("token", secret).post(INTROSPECT);
    }

    private String idOf(String secret) {
        return given().auth().oauth2(secret).get("/v3/personal-access-tokens/self").then().statusCode(200).extract().path("id");
    }

    /** The same secret with its last checksum character changed: well-shaped, refused before any lookup. */
    private static String wrongChecksum(String secret) {
        char last = secret.charAt(secret.length() - 1);
        return secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    static {
        assertFalse(INACTIVE.contains(" "));
    }
}
