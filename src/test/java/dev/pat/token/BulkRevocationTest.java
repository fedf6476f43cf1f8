package dev.pat.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation in bulk (issue 30, item 3): an administrator's filter revokes every matching token of
 * the account not revoked yet, each with its token.revoked event, and nothing else; ten thousand
 * tokens in one request, their remembered secrets refused at once.
 */
@QuarkusTest
class BulkRevocationTest {

    static final String REVOCATIONS = TokenApi.TOKENS + "/revocations";

    @Inject
    Fixtures fixtures;

    private Owner admin;

    @BeforeEach
    void arrange() {
        admin = fixtures.administrator();
    }

    /** A token of the user with a fresh well-formed secret, created and last used at the given days (ISO dates). */
    private Token token(UUID userId, String createdOn, String lastUsedOn, String... scopes) {
        String secret = TokenSecrets.generate();
        UUID id = fixtures.token(admin.accountId(), userId, "bulk", secret, null, false, scopes);
        fixtures.update("update personal_access_token set created_at = cast(? as timestamptz),"
                + " last_used_at = cast(? as timestamptz) where id = ?", createdOn + "T00:00:00Z",
                lastUsedOn == null ? null : lastUsedOn + "T00:00:00Z", id);
        return new Token(id, secret);
    }

    private record Token(UUID id, String secret) {
    }

    private static Response revoke(String credential, String body) {
        return TokenApi.as(credential).contentType(ContentType.JSON).body(body).post(REVOCATIONS).then().extract().response();
    }

    private boolean revoked(Token token) {
        return (Boolean) fixtures.single("select revoked from personal_access_token where id = ?", token.id());
    }

    @Test
    void eachFilterRevokesWhatItMatchesAndNothingElse() {
        UUID organization = fixtures.organization(admin.accountId(), null, "Org " + UUID.randomUUID());
        UUID member = fixtures.user(admin.accountId(), organization, null, "user");
        UUID other = fixtures.user(admin.accountId(), null, null, "user");
        Token memberOld = token(member, "2020-01-01", "2020-02-01", TokenApi.READ);
        Token memberNew = token(member, "2024-01-01", null, TokenApi.READ);
        Token otherOldUnused = token(other, "2020-06-01", null, TokenApi.WRITE);
        Token otherRecent = token(other, "2024-06-01", "2025-06-01", TokenApi.READ, TokenApi.WRITE);

        // Created before 2021 and of the member: one token.
        assertCount(1, revoke(admin.jwt(), "{\"userId\":\"" + member + "\",\"createdBefore\":\"2021-01-01T00:00:00Z\"}"));
        assertTrue(revoked(memberOld));
        assertEquals(List.of(false, false, false), List.of(revoked(memberNew), revoked(otherOldUnused), revoked(otherRecent)));

        // Not used since 2022: never used and created before, or last used before; memberOld is revoked already.
        assertCount(1, revoke(admin.jwt(), "{\"lastUsedBefore\":\"2022-01-01T00:00:00Z\",\"organizationId\":null,"
                + "\"userId\":\"" + other + "\"}"));
        assertTrue(revoked(otherOldUnused));
        assertEquals(List.of(false, false), List.of(revoked(memberNew), revoked(otherRecent)));

        // By scope, within the account: only otherRecent still carries write.
        assertCount(1, revoke(admin.jwt(), "{\"scope\":\"" + TokenApi.WRITE + "\",\"reason\":\"CI breach \\\"42\\\"\"}"));
        assertTrue(revoked(otherRecent));
        assertTrue(!revoked(memberNew));

        // By organization: the member's remaining token; a second time, nothing is left to revoke.
        assertCount(1, revoke(admin.jwt(), "{\"organizationId\":\"" + organization + "\"}"));
        assertTrue(revoked(memberNew));
        assertCount(0, revoke(admin.jwt(), "{\"organizationId\":\"" + organization + "\"}"));

        // Each revocation has its token.revoked event, reason bulk, the body showing it revoked.
        for (Token token : List.of(memberOld, memberNew, otherOldUnused, otherRecent)) {
            List<Object> payloads = fixtures.column("select payload from notification_event where token_id = ?"
                    + " and event = 'token.revoked'", token.id());
            assertEquals(1, payloads.size(), "one event per revoked token");
            String payload = payloads.get(0).toString();
            assertTrue(payload.contains("\"reason\":\"bulk\"") && payload.contains("\"revoked\":true"), payload);
        }
    }

    @Test
    void theSecretsAreRefusedFromTheAnswerOnEvenWhenRemembered() {
        UUID user = fixtures.user(admin.accountId(), null, null, "user");
        Token first = token(user, "2024-01-01", null, TokenApi.READ);
        Token second = token(user, "2024-01-01", null, TokenApi.READ);
        Token kept = token(admin.userId(), "2024-01-01", null, TokenApi.READ);
        for (Token token : List.of(first, second, kept)) {
            assertEquals(200, TokenApi.self(token.secret()).statusCode(), "used once: remembered");
        }
        assertCount(2, revoke(admin.jwt(), "{\"userId\":\"" + user + "\"}"));
        assertEquals(401, TokenApi.self(first.secret()).statusCode());
        assertEquals(401, TokenApi.self(second.secret()).statusCode());
        assertEquals(200, TokenApi.self(kept.secret()).statusCode(), "control: another user's token works on");
    }

    @Test
    void anotherAccountsTokensAreUntouched() {
        Owner stranger = fixtures.administrator();
        String secret = TokenSecrets.generate();
        UUID theirs = fixtures.token(stranger.accountId(), stranger.userId(), "theirs", secret, null, false, TokenApi.READ);
        Token ours = token(admin.userId(), "2024-01-01", null, TokenApi.READ);

        // Its user named outright matches nothing here; a filter every token meets revokes ours only.
        assertCount(0, revoke(admin.jwt(), "{\"userId\":\"" + stranger.userId() + "\"}"));
        assertCount(1, revoke(admin.jwt(), "{\"createdBefore\":\"2999-01-01T00:00:00Z\"}"));
        assertTrue(revoked(ours));
        assertEquals(false, fixtures.single("select revoked from personal_access_token where id = ?", theirs));
        assertEquals(200, TokenApi.self(secret).statusCode());
    }

    @Test
    void onlyAnAdministratorWithTheWriteScopeMayAndAFilterIsRequired() {
        Owner user = fixtures.owner(admin.accountId());
        Token token = token(user.userId(), "2024-01-01", null, TokenApi.READ);
        String body = "{\"userId\":\"" + user.userId() + "\"}";

        ErrorBodies.assertError(revoke(user.jwt(), body), 403, "forbidden");
        ErrorBodies.assertError(revoke(user.scoped(TokenApi.WRITE), body), 403, "forbidden");
        ErrorBodies.assertError(revoke(admin.scoped(TokenApi.READ), body), 403, "forbidden");
        assertEquals(401, revoke(null, body).statusCode());
        assertTrue(!revoked(token), "nothing was revoked by a refused request");

        TokenApi.assertValidation(revoke(admin.jwt(), "{}"), "filter");
        TokenApi.assertValidation(revoke(admin.jwt(), "{\"reason\":\"only a reason\"}"), "filter");
        TokenApi.assertValidation(revoke(admin.jwt(), "{\"userId\":\"nope\",\"scope\":\"no:such\"}"), "userId", "scope");
        TokenApi.assertValidation(revoke(admin.jwt(), "{\"userId\":\"" + user.userId() + "\",\"reason\":\"a\\nb\"}"), "reason");
        TokenApi.assertValidation(revoke(admin.jwt(), "{\"userId\":\"" + user.userId() + "\",\"reason\":\"" + "r".repeat(501) + "\"}"),
                "reason");
        assertTrue(!revoked(token));

        // Control: the same body from the administrator's JWT revokes.
        assertCount(1, revoke(admin.jwt(), body));
    }

    @Test
    void tenThousandTokensAreRevokedInOneRequest() {
        UUID user = fixtures.user(admin.accountId(), null, null, "user");
        int bulk = 10_000;
        fixtures.update("insert into personal_access_token (id, account_id, user_id, created_at, updated_at, name, revoked, scopes,"
                + " secret_digest) select gen_random_uuid(), ?, ?, now(), now(), 'bulk ' || g, false, '{personalAccessToken:read}',"
                + " sha256(convert_to(gen_random_uuid()::text, 'UTF8')) from generate_series(1, ?) g", admin.accountId(), user, bulk);
        List<Token> sample = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sample.add(token(user, "2024-01-01", null, TokenApi.READ));
        }
        for (Token token : sample) {
            assertEquals(200, TokenApi.self(token.secret()).statusCode(), "warm: remembered before the revocation");
        }

        assertCount(bulk + sample.size(), revoke(admin.jwt(), "{\"userId\":\"" + user + "\",\"reason\":\"leaver\"}"));

        assertEquals(0L, fixtures.count("select count(*) from personal_access_token where user_id = ? and not revoked", user));
        assertEquals((long) bulk + sample.size(), fixtures.count("select count(*) from notification_event e"
                + " join personal_access_token t on t.id = e.token_id where t.user_id = ? and e.event = 'token.revoked'", user));
        for (Token token : sample) {
            assertEquals(401, TokenApi.self(token.secret()).statusCode());
        }
    }

    private static void assertCount(long expected, Response response) {
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals(expected, response.jsonPath().getLong("revoked"), response::asString);
    }
}
