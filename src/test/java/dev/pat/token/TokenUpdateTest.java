package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static dev.pat.support.TokenApi.patch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.DirectoryApi;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.SeedContract;
import dev.pat.support.TokenApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PATCH /v3/personal-access-tokens/{id}: name, expiresAt and scopes change, revoked goes from false to
 * true only, nothing else is writable, and If-Match guards against lost updates.
 */
@QuarkusTest
class TokenUpdateTest {

    /** Fixtures.token writes createdAt T0 + 600 s and updatedAt T0 + 660 s. */
    private static final Instant FIXTURE_CREATED_AT = Fixtures.T0.plusSeconds(600);
    private static final Instant FIXTURE_UPDATED_AT = Fixtures.T0.plusSeconds(660);

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    private Owner owner;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
    }

    @Test
    void renameChangesNameUpdatedAtAndETag() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "before", null, null, false, READ);
        String before = etag(id.toString());
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Response response = patch(owner.jwt(), id.toString(), fields("name", "after"));

        assertEquals(200, response.statusCode(), response::asString);
        SeedContract.assertTokenShape(SeedContract.parse(response.asString()));
        assertEquals("after", response.jsonPath().getString("name"));
        assertEquals(FIXTURE_CREATED_AT.toString(), response.jsonPath().getString("createdAt"));
        Instant updatedAt = Instant.parse(response.jsonPath().getString("updatedAt"));
        assertFalse(updatedAt.isBefore(start), () -> "updatedAt " + updatedAt + " should be now, not " + FIXTURE_UPDATED_AT);
        String after = TokenApi.assertEtag(response, id.toString());
        assertNotEquals(before, after, "A change makes a new version");
        assertEquals(after, etag(id.toString()), "The answered ETag is the current one");
        assertEquals("after", fixtures.single("select name from personal_access_token where id = ?", id));
    }

    @Test
    void theNameIsStrippedOfSurroundingWhitespace() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "before", null, null, false, READ);
        Response response = patch(owner.jwt(), id.toString(), fields("name", "  padded  "));
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals("padded", response.jsonPath().getString("name"));
    }

    @Test
    void revokeMakesTheSecretUseless() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "to revoke", READ);
        assertEquals(200, TokenApi.self(token.secret()).statusCode(), "control: the secret works before");

        Response response = patch(owner.jwt(), token.id(), fields("revoked", true));

        assertEquals(200, response.statusCode(), response::asString);
        assertTrue(response.jsonPath().getBoolean("revoked"));
        TokenApi.assertNoSecret(response, token.secret());
        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        TokenApi.assertUnauthorized(TokenApi.get(token.secret(), token.id()));
        assertEquals(Boolean.TRUE, fixtures.single("select revoked from personal_access_token where id = ?",
                UUID.fromString(token.id())));
        // The owner still sees the revoked token.
        Response fetched = TokenApi.get(owner.jwt(), token.id());
        assertEquals(200, fetched.statusCode(), fetched::asString);
        assertTrue(fetched.jsonPath().getBoolean("revoked"));
    }

    @Test
    void aRevokedTokenCannotBeRestored() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "revoked", null, null, true, READ);
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("revoked", false)), "revoked");
        assertEquals(Boolean.TRUE, fixtures.single("select revoked from personal_access_token where id = ?", id));
        // Revoking again changes nothing and is no error.
        Response again = patch(owner.jwt(), id.toString(), fields("revoked", true));
        assertEquals(200, again.statusCode(), again::asString);
        assertTrue(again.jsonPath().getBoolean("revoked"));
    }

    /** A date far from any the token holds (its fixture's are in 2019, now is now): applied, it would show. */
    private static final String FAR = "2099-01-01T00:00:00Z";

    /** Fields the token body shows but clients cannot write: a body sent back as read carries them. */
    static Stream<Arguments> readOnlyFields() {
        return Stream.of(
                Arguments.of("id", UUID.randomUUID().toString()),
                Arguments.of("userId", UUID.randomUUID().toString()),
                Arguments.of("token", "pat_000000000000000000000000000000000000"),
                Arguments.of("lastUsedAt", FAR),
                Arguments.of("lastRotatedAt", FAR),
                Arguments.of("createdAt", FAR),
                Arguments.of("updatedAt", FAR),
                Arguments.of("user", fields("id", UUID.randomUUID().toString(), "role", "admin")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readOnlyFields")
    void aReadOnlyFieldIsAcceptedAndNeverApplied(String field, Object value) {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "guarded", null, null, false, READ);
        String before = etag(id.toString());
        String stored = readOnlyColumns(id);

        Response alone = patch(owner.jwt(), id.toString(), fields(field, value));
        assertEquals(200, alone.statusCode(), alone::asString);
        assertEquals(before, etag(id.toString()), "nothing to change, the version stays");
        Response alongside = patch(owner.jwt(), id.toString(), fields("name", "renamed", field, value));
        assertEquals(200, alongside.statusCode(), alongside::asString);

        assertEquals("renamed", fixtures.single("select name from personal_access_token where id = ?", id));
        assertEquals(stored, readOnlyColumns(id), "no read-only column took the value sent");
        assertEquals(Boolean.FALSE, fixtures.single("select updated_at = ?::timestamptz from personal_access_token where id = ?",
                FAR, id), "the rename moved updatedAt to its own time, not to the one sent");
        // What a client reads back: never the value it sent (compared as JSON, an object as an object).
        JsonNode shown = SeedContract.parse(TokenApi.get(owner.jwt(), id.toString()).asString());
        assertNotEquals(DirectoryApi.tree(value), shown.get(field), () -> field + " was applied: " + shown);
        assertEquals(owner.userId().toString(), shown.path("user").path("id").asText());
        assertEquals("user", shown.path("user").path("role").asText());
    }

    /** The columns no PATCH may change, as one text. */
    private String readOnlyColumns(UUID id) {
        return (String) fixtures.single("select concat_ws('|', id, account_id, user_id, encode(secret_digest, 'hex'), last_used_at,"
                + " last_rotated_at, created_at, revoked) from personal_access_token where id = ?", id);
    }

    /** Fields the API does not show at all. */
    static Stream<Arguments> forbiddenFields() {
        return Stream.of(
                Arguments.of("accountId", UUID.randomUUID().toString()),
                Arguments.of("secretDigest", "AAAA"),
                Arguments.of("version", 0),
                Arguments.of("foo", "bar"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenFields")
    void aFieldThatIsNotWritableIsRefused(String field, Object value) {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "guarded", null, null, false, READ);
        String before = etag(id.toString());

        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields(field, value)), field);
        // Alongside a writable field, the whole patch is refused: nothing is half applied.
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("name", "sneaky", field, value)), field);

        assertEquals("guarded", fixtures.single("select name from personal_access_token where id = ?", id));
        assertEquals(before, etag(id.toString()), "A refused patch leaves the version alone");
    }

    @Test
    void expiryChanges() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "expiring", null, null, false, READ);
        Instant future = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        Response set = patch(owner.jwt(), id.toString(), fields("expiresAt", future.toString()));
        assertEquals(200, set.statusCode(), set::asString);
        assertEquals(future.toString(), set.jsonPath().getString("expiresAt"));

        Response cleared = patch(owner.jwt(), id.toString(), fields("expiresAt", null));
        assertEquals(200, cleared.statusCode(), cleared::asString);
        SeedContract.assertPresentNull(SeedContract.parse(cleared.asString()), "expiresAt", "token");

        String past = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("expiresAt", past)), "expiresAt");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("expiresAt", "tomorrow")), "expiresAt");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("expiresAt", 12345)), "expiresAt");
        assertEquals(null, fixtures.single("select expires_at from personal_access_token where id = ?", id));
    }

    @Test
    void scopesChange() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "scoped", null, null, false, READ);

        Response response = patch(owner.jwt(), id.toString(), fields("scopes", List.of(READ, "user:read")));
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals(List.of(READ, "user:read"), response.jsonPath().getList("scopes", String.class));

        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("scopes", List.of("nope"))), "scopes[0]");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("scopes", List.of(READ, READ))), "scopes[1]");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("scopes", READ)), "scopes");
        assertEquals(List.of(READ, "user:read"), TokenApi.get(owner.jwt(), id.toString()).jsonPath().getList("scopes", String.class));
    }

    @Test
    void aScopedCallerCannotWidenATokensScopes() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "narrow", null, null, false, WRITE);
        String scoped = owner.scoped(WRITE);
        TokenApi.assertValidation(patch(scoped, id.toString(), fields("scopes", List.of(WRITE, "user:write"))), "scopes[1]");
        assertEquals(List.of(WRITE), TokenApi.get(owner.jwt(), id.toString()).jsonPath().getList("scopes", String.class));
    }

    @Test
    void anExpiredTokenIsNeverExtendedButCanBeRevoked() {
        Instant expired = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "expired", null, expired, false, READ);
        String future = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

        ErrorBodies.assertError(patch(owner.jwt(), id.toString(), fields("expiresAt", future)), 400, "token_expired");
        ErrorBodies.assertError(patch(owner.jwt(), id.toString(), fields("expiresAt", null)), 400, "token_expired");
        assertEquals(expired, ((java.sql.Timestamp) fixtures.single("select expires_at from personal_access_token where id = ?", id))
                .toInstant());

        assertEquals(200, patch(owner.jwt(), id.toString(), fields("revoked", true)).statusCode(), "revoking stays possible");
    }

    @Test
    void invalidValuesOfWritableFields() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "valid", null, null, false, READ);
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("name", "")), "name");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("name", "   ")), "name");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("name", null)), "name");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("name", "n".repeat(201))), "name");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("name", 42)), "name");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("revoked", "yes")), "revoked");
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), fields("name", " ", "revoked", "yes")), "name", "revoked");
        assertEquals("valid", fixtures.single("select name from personal_access_token where id = ?", id));
        assertEquals(Boolean.FALSE, fixtures.single("select revoked from personal_access_token where id = ?", id));
    }

    @Test
    void ifMatchWithTheCurrentETagSucceedsAndAStaleOneFails() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "v0", null, null, false, READ);
        String first = etag(id.toString());

        Response updated = patch(owner.jwt(), id.toString(), fields("name", "v1"), first);
        assertEquals(200, updated.statusCode(), updated::asString);
        String second = TokenApi.assertEtag(updated, id.toString());

        // The answered ETag is good for the next conditional change.
        Response again = patch(owner.jwt(), id.toString(), fields("name", "v2"), second);
        assertEquals(200, again.statusCode(), again::asString);

        ErrorBodies.assertError(patch(owner.jwt(), id.toString(), fields("name", "lost update"), first), 412, "precondition_failed");
        ErrorBodies.assertError(patch(owner.jwt(), id.toString(), fields("name", "lost update"), second), 412, "precondition_failed");
        assertEquals("v2", fixtures.single("select name from personal_access_token where id = ?", id));
    }

    @Test
    void twoWritersWithTheSameETagOneAfterTheOther() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "shared", null, null, false, READ);
        String seen = etag(id.toString());

        Response first = patch(owner.jwt(), id.toString(), fields("name", "first writer"), seen);
        Response second = patch(owner.jwt(), id.toString(), fields("name", "second writer"), seen);

        assertEquals(200, first.statusCode(), first::asString);
        ErrorBodies.assertError(second, 412, "precondition_failed");
        assertEquals("first writer", fixtures.single("select name from personal_access_token where id = ?", id));
    }

    @Test
    void twoWritersWithTheSameETagAtTheSameTime() throws Exception {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "contended", null, null, false, READ);
        String seen = etag(id.toString());
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Response> responses = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            // Holding the row lock makes the race certain: both requests read the row and pass the
            // If-Match check, then both wait here to write it.
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement("select id from personal_access_token where id = ? for update")) {
                select.setObject(1, id);
                try (ResultSet ignored = select.executeQuery()) {
                    // locked
                }
            }
            Future<Response> first = writers.submit(() -> patch(owner.jwt(), id.toString(), fields("name", "writer A"), seen));
            Future<Response> second = writers.submit(() -> patch(owner.jwt(), id.toString(), fields("name", "writer B"), seen));
            await().alias("both PATCHes waiting for the row lock").atMost(Duration.ofSeconds(20))
                    .until(() -> waitingUpdates() >= 2);
            lock.commit();
            responses.add(first.get(30, TimeUnit.SECONDS));
            responses.add(second.get(30, TimeUnit.SECONDS));
        } finally {
            writers.shutdownNow();
        }

        List<Integer> statuses = responses.stream().map(Response::statusCode).sorted().toList();
        assertEquals(List.of(200, 412), statuses, () -> "Bodies: " + responses.stream().map(Response::asString).toList());
        Response winner = responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
        Response loser = responses.stream().filter(r -> r.statusCode() == 412).findFirst().orElseThrow();
        ErrorBodies.assertError(loser, 412, "precondition_failed");
        assertEquals(winner.jsonPath().getString("name"),
                fixtures.single("select name from personal_access_token where id = ?", id));
    }

    @Test
    void aReadOnlyCredentialCannotPatch() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "read only", null, null, false, READ);
        ErrorBodies.assertError(patch(owner.scoped(READ), id.toString(), fields("name", "x")),
                403, "forbidden");
        assertEquals("read only", fixtures.single("select name from personal_access_token where id = ?", id));
    }

    @Test
    void anEmptyBodyIsRefused() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "bodiless", null, null, false, READ);
        TokenApi.assertValidation(patch(owner.jwt(), id.toString(), ""), "body");
    }

    @Test
    void aMissingTokenIs404() {
        ErrorBodies.assertError(patch(owner.jwt(), UUID.randomUUID().toString(), fields("name", "x")), 404, "not_found");
        ErrorBodies.assertError(patch(owner.jwt(), "not-an-id", fields("name", "x")), 404, "not_found");
    }

    private String etag(String id) {
        Response response = TokenApi.get(owner.jwt(), id);
        assertEquals(200, response.statusCode(), response::asString);
        return TokenApi.assertEtag(response, id);
    }

    private long waitingUpdates() {
        return fixtures.count("select count(*) from pg_stat_activity"
                + " where wait_event_type = 'Lock' and query ilike 'update personal_access_token%'");
    }
}
