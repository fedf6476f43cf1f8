package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.create;
import static dev.pat.support.TokenApi.fields;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.support.SeedContract;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * POST /v3/personal-access-tokens: the owner is the caller, the secret is answered once and only its
 * SHA-256 is stored, and every invalid body is refused naming the offending field.
 */
@QuarkusTest
class TokenCreateTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Inject
    Fixtures fixtures;

    private Owner owner;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
    }

    @Test
    void createAnswersTheTokenWithItsSecretOnce() {
        Instant expiresAt = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Response response = create(owner.jwt(), fields("name", "CI deploy", "expiresAt", expiresAt.toString(),
                "scopes", List.of(READ, WRITE)));

        assertEquals(201, response.statusCode(), response::asString);
        JsonNode body = SeedContract.parse(response.asString());
        SeedContract.assertKeys(TokenApi.ISSUED_KEYS, body, "created token");
        String id = body.get("id").asText();
        String secret = body.get("token").asText();
        assertTrue(TokenApi.SECRET_FORMAT.matcher(secret).matches(), () -> "Secret format: " + secret);
        assertEquals("CI deploy", body.get("name").asText());
        assertEquals(expiresAt.toString(), body.get("expiresAt").asText());
        assertEquals(List.of(READ, WRITE), response.jsonPath().getList("scopes", String.class));
        assertFalse(body.get("revoked").asBoolean());
        assertEquals(owner.userId().toString(), body.get("userId").asText());
        assertEquals(owner.userId().toString(), body.get("user").get("id").asText());
        SeedContract.assertPresentNull(body, "lastUsedAt", "created token");
        SeedContract.assertPresentNull(body, "lastRotatedAt", "created token");
        Instant createdAt = Instant.parse(body.get("createdAt").asText());
        assertFalse(createdAt.isBefore(before), () -> "createdAt " + createdAt + " is before the request");
        assertFalse(createdAt.isAfter(Instant.now()), () -> "createdAt " + createdAt + " is in the future");

        // The rest of the body is exactly the seed's shape.
        ObjectNode withoutSecret = ((ObjectNode) body).deepCopy();
        withoutSecret.remove("token");
        SeedContract.assertTokenShape(withoutSecret);

        String location = response.header("Location");
        assertNotNull(location, "Location is missing");
        assertTrue(location.endsWith("/v3/personal-access-tokens/" + id), () -> "Location: " + location);
        String etag = TokenApi.assertEtag(response, id);
        assertEquals("no-store", response.header("Cache-Control"), "an answer with a secret must not be cached");

        // The Location answers the same token, with the same version.
        Response fetched = TokenApi.get(owner.jwt(), id);
        assertEquals(200, fetched.statusCode(), fetched::asString);
        assertEquals(etag, fetched.header("ETag"));
    }

    @Test
    void onlyTheDigestOfTheSecretIsStored() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "stored", READ);

        Object digest = fixtures.single("select secret_digest from personal_access_token where id = ?",
                UUID.fromString(token.id()));
        assertTrue(digest instanceof byte[], () -> "secret_digest is " + digest);
        assertArrayEquals(Fixtures.sha256(token.secret()), (byte[]) digest);

        String row = (String) fixtures.single("select row_to_json(t)::text from personal_access_token t where id = ?",
                UUID.fromString(token.id()));
        assertEquals(token.id(), SeedContract.parse(row).path("id").asText(), () -> "the token's row: " + row);
        assertFalse(row.contains(token.secret()), () -> "A column holds the secret: " + row);
        assertFalse(row.contains(token.secret().substring(4, 34)), () -> "A column holds the secret's random part: " + row);
    }

    @Test
    void theSecretIsNeverShownAgain() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "shown once", READ, WRITE);

        Response get = TokenApi.get(owner.jwt(), token.id());
        assertEquals(200, get.statusCode(), get::asString);
        TokenApi.assertNoSecret(get, token.secret());
        SeedContract.assertTokenShape(SeedContract.parse(get.asString()));

        Response list = TokenApi.list(owner.jwt());
        assertEquals(List.of(token.id()), TokenApi.ids(list));
        TokenApi.assertNoSecret(list, token.secret());

        // Not even to the secret itself.
        Response self = TokenApi.self(token.secret());
        assertEquals(200, self.statusCode(), self::asString);
        TokenApi.assertNoSecret(self, token.secret());
        Response getWithSecret = TokenApi.get(token.secret(), token.id());
        assertEquals(200, getWithSecret.statusCode(), getWithSecret::asString);
        TokenApi.assertNoSecret(getWithSecret, token.secret());
    }

    @Test
    void theChecksumIsTheBase62Crc32OfEverythingBeforeIt() {
        // A secret scanner must be able to check a candidate offline, from the format alone.
        String secret = TokenApi.issue(owner.jwt(), "checksummed", READ).secret();
        String body = secret.substring(0, 34);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        assertEquals(new String(digits), secret.substring(34), () -> "Checksum of " + secret);
    }

    @Test
    void everyTokenGetsItsOwnSecret() {
        TokenApi.Issued first = TokenApi.issue(owner.jwt(), "first", READ);
        TokenApi.Issued second = TokenApi.issue(owner.jwt(), "second", READ);
        assertNotEquals(first.id(), second.id());
        assertNotEquals(first.secret(), second.secret());
        assertNotEquals(first.secret().substring(4, 34), second.secret().substring(4, 34));
    }

    @Test
    void anAdminsTokenBelongsToTheAdmin() {
        Owner admin = fixtures.administrator(owner.accountId());
        Response response = create(admin.jwt(), fields("name", "admin's", "scopes", List.of(READ)));
        assertEquals(201, response.statusCode(), response::asString);
        assertEquals(admin.userId().toString(), response.jsonPath().getString("userId"));
    }

    @Test
    void aNameOf200CharactersAndNoExpiryAreAccepted() {
        String name = "n".repeat(200);
        Response response = create(owner.jwt(), fields("name", name, "expiresAt", null, "scopes", List.of()));
        assertEquals(201, response.statusCode(), response::asString);
        assertEquals(name, response.jsonPath().getString("name"));
        SeedContract.assertPresentNull(SeedContract.parse(response.asString()), "expiresAt", "created token");
        assertEquals(List.of(), response.jsonPath().getList("scopes"));
    }

    static Stream<Arguments> invalidBodies() {
        String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String past = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        return Stream.of(
                Arguments.of("missing name", fields("scopes", List.of(READ)), new String[] {"name"}),
                Arguments.of("null name", fields("name", null, "scopes", List.of(READ)), new String[] {"name"}),
                Arguments.of("blank name", fields("name", "   ", "scopes", List.of(READ)), new String[] {"name"}),
                Arguments.of("201-character name", fields("name", "n".repeat(201), "scopes", List.of(READ)),
                        new String[] {"name"}),
                Arguments.of("control character in name", fields("name", "bell\u0007", "scopes", List.of(READ)),
                        new String[] {"name"}),
                Arguments.of("missing scopes", fields("name", "x"), new String[] {"scopes"}),
                Arguments.of("unknown scope", fields("name", "x", "scopes", List.of(READ, "tokens:everything")),
                        new String[] {"scopes[1]"}),
                Arguments.of("duplicate scope", fields("name", "x", "scopes", List.of(READ, WRITE, READ)),
                        new String[] {"scopes[2]"}),
                Arguments.of("scopes not an array", fields("name", "x", "scopes", READ), new String[] {"scopes"}),
                Arguments.of("expiresAt in the past", fields("name", "x", "expiresAt", past, "scopes", List.of(READ)),
                        new String[] {"expiresAt"}),
                Arguments.of("expiresAt malformed", fields("name", "x", "expiresAt", "tomorrow", "scopes", List.of(READ)),
                        new String[] {"expiresAt"}),
                Arguments.of("an unknown field", fields("name", "x", "scopes", List.of(READ), "owner", "someone"),
                        new String[] {"owner"}),
                Arguments.of("several fields wrong at once", fields("name", " ", "expiresAt", past,
                        "scopes", List.of("nope")), new String[] {"name", "expiresAt", "scopes[0]"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void anInvalidBodyIsRefusedNamingTheField(String description, Map<String, Object> body, String[] fields) {
        TokenApi.assertValidation(create(owner.jwt(), body), fields);
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where user_id = ?", owner.userId()),
                "No token may be created from an invalid body");
    }

    /** A token body sent back as read (issue 19): what the API shows read-only is accepted and never applied. */
    @Test
    void readOnlyFieldsAreAcceptedAndIgnored() {
        String givenId = UUID.randomUUID().toString();
        Response created = create(owner.jwt(), fields("name", "echoed", "scopes", List.of(READ), "revoked", true,
                "userId", UUID.randomUUID().toString(), "token", "pat_000000000000000000000000000000000000", "id", givenId,
                "lastUsedAt", Instant.now().plusSeconds(3600).toString()));
        assertEquals(201, created.statusCode(), created::asString);
        assertNotEquals(givenId, created.jsonPath().getString("id"));
        assertEquals(owner.userId().toString(), created.jsonPath().getString("userId"));
        assertEquals(false, created.jsonPath().getBoolean("revoked"));
        assertEquals(null, created.jsonPath().getString("lastUsedAt"));
        assertNotEquals("pat_000000000000000000000000000000000000", created.jsonPath().getString("token"));
    }

    @Test
    void anEmptyBodyIsRefused() {
        Response response = TokenApi.as(owner.jwt()).contentType(ContentType.JSON).body("")
                .when().post(TokenApi.TOKENS).then().extract().response();
        TokenApi.assertValidation(response, "body");
    }

    @Test
    void malformedJsonIsRefused() {
        Response response = create(owner.jwt(), "{\"name\": \"x\", \"scopes\": [");
        assertEquals(400, response.statusCode(), response::asString);
        ErrorBodies.assertNoInternals(response.asString());
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where user_id = ?", owner.userId()));
    }

    @Test
    void aScopedCallerCannotGrantAScopeItDoesNotHold() {
        String scoped = owner.scoped(WRITE);
        TokenApi.assertValidation(create(scoped, fields("name", "wider", "scopes", List.of("user:read"))), "scopes[0]");
        TokenApi.assertValidation(create(scoped, fields("name", "wider", "scopes", List.of(WRITE, "user:read"))), "scopes[1]");

        // The control case: what it holds, it may grant.
        Response response = create(scoped, fields("name", "same", "scopes", List.of(WRITE)));
        assertEquals(201, response.statusCode(), response::asString);
    }

    @Test
    void anUnscopedCallerMayGrantAnyKnownScope() {
        Response response = create(owner.jwt(), fields("name", "broad", "scopes", List.of("user:read", "organization:write")));
        assertEquals(201, response.statusCode(), response::asString);
        assertEquals(List.of("user:read", "organization:write"), response.jsonPath().getList("scopes", String.class));
    }

    @Test
    void aReadOnlyCredentialCannotCreate() {
        Response response = create(owner.scoped(READ), fields("name", "x", "scopes", List.of()));
        ErrorBodies.assertError(response, 403, "forbidden");
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where user_id = ?", owner.userId()));
    }

    @Test
    void anUnrelatedScopeCannotCreate() {
        Response response = create(owner.scoped("user:write"), fields("name", "x", "scopes", List.of()));
        ErrorBodies.assertError(response, 403, "forbidden");
    }

    @Test
    void aCallerWhoIsNotAUserOfTheAccountCannotCreate() {
        Response noSuchUser = create(Jwts.admin(owner.accountId(), UUID.randomUUID()), fields("name", "x", "scopes", List.of()));
        ErrorBodies.assertError(noSuchUser, 403, "forbidden");

        // A user row of another account does not count either.
        UUID elsewhere = fixtures.user(UUID.randomUUID(), null, null, "admin");
        Response otherAccountsUser = create(Jwts.admin(owner.accountId(), elsewhere), fields("name", "x", "scopes", List.of()));
        ErrorBodies.assertError(otherAccountsUser, 403, "forbidden");
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where user_id = ?", elsewhere));
    }

    @Test
    void anonymousCannotCreate() {
        TokenApi.assertUnauthorized(create(null, fields("name", "x", "scopes", List.of())));
    }
}
