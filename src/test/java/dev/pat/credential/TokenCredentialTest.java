package dev.pat.credential;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.fields;
import static dev.pat.support.TokenApi.ids;
import static dev.pat.support.TokenApi.self;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Authorization: Bearer pat_...}: a secret stands for its token's user, with the role stored for
 * that user, limited to the token's scopes. Every secret that is not a live token's answers 401.
 */
@QuarkusTest
class TokenCredentialTest {

    @Inject
    Fixtures fixtures;

    private Owner owner;
    private Owner other;
    private Owner admin;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
        other = fixtures.owner(owner.accountId());
        admin = fixtures.administrator(owner.accountId());
    }

    @Test
    void aSecretWithAWrongChecksumIsRefused() {
        String secret = TokenApi.issue(owner.jwt(), "checksummed", READ).secret();
        char last = secret.charAt(secret.length() - 1);
        String tampered = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');

        TokenApi.assertUnauthorized(self(tampered));
        assertEquals(200, self(secret).statusCode(), "control: the real secret works");
    }

    @Test
    void aChangedRandomPartIsRefused() {
        String secret = TokenApi.issue(owner.jwt(), "random part", READ).secret();
        char first = secret.charAt(4);
        TokenApi.assertUnauthorized(self("pat_" + (first == 'A' ? 'B' : 'A') + secret.substring(5)));
    }

    @Test
    void malformedSecretsAreRefused() {
        TokenApi.assertUnauthorized(self("pat_short"));
        TokenApi.assertUnauthorized(self("pat_"));
        TokenApi.assertUnauthorized(self("pat_" + "-".repeat(36)));
        String secret = TokenApi.issue(owner.jwt(), "well formed", READ).secret();
        TokenApi.assertUnauthorized(self(secret + "0"));
        TokenApi.assertUnauthorized(self(secret.substring(0, secret.length() - 1)));
        TokenApi.assertUnauthorized(self("PAT_" + secret.substring(4)));
    }

    @Test
    void aWellFormedSecretOfNoTokenIsRefused() {
        // A valid checksum over random characters: passes the offline check, matches no digest.
        String secret = TokenApi.issue(owner.jwt(), "to delete", READ).secret();
        fixtures.update("delete from personal_access_token where user_id = ?", owner.userId());
        TokenApi.assertUnauthorized(self(secret));
        TokenApi.assertUnauthorized(self(dev.pat.token.TokenSecrets.generate()));
    }

    @Test
    void anExpiredSecretIsRefused() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "expiring", READ);
        assertEquals(200, self(token.secret()).statusCode(), "control: the secret works before");

        fixtures.changeToken(UUID.fromString(token.id()), "expires_at = now() - interval '1 second'");

        // The notice reaches this instance's secret memory a moment after the commit.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> TokenApi.assertUnauthorized(self(token.secret())));
        TokenApi.assertUnauthorized(self(token.secret()));
        TokenApi.assertUnauthorized(TokenApi.get(token.secret(), token.id()));
        TokenApi.assertUnauthorized(TokenApi.list(token.secret()));
    }

    @Test
    void aRevokedSecretIsRefused() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "revoked", READ);
        assertEquals(200, TokenApi.patch(owner.jwt(), token.id(), fields("revoked", true)).statusCode());
        TokenApi.assertUnauthorized(self(token.secret()));
        TokenApi.assertUnauthorized(TokenApi.list(token.secret()));
    }

    @Test
    void aDeletedTokensSecretIsRefused() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "deleted", READ);
        assertEquals(204, TokenApi.delete(owner.jwt(), token.id()).statusCode());
        TokenApi.assertUnauthorized(self(token.secret()));
    }

    @Test
    void aReadScopedSecretReadsButDoesNotWrite() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "reader", READ);
        TokenApi.Issued sibling = TokenApi.issue(owner.jwt(), "sibling", READ, WRITE);

        Response own = TokenApi.get(token.secret(), sibling.id());
        assertEquals(200, own.statusCode(), own::asString);
        assertEquals(sibling.id(), own.jsonPath().getString("id"));
        assertEquals(List.of(token.id(), sibling.id()), ids(TokenApi.list(token.secret())));

        ErrorBodies.assertError(TokenApi.patch(token.secret(), sibling.id(), fields("name", "x")), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.delete(token.secret(), sibling.id()), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.rotate(token.secret(), sibling.id()), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.create(token.secret(), fields("name", "x", "scopes", List.of(READ))), 403, "forbidden");
        assertEquals("sibling", fixtures.single("select name from personal_access_token where id = ?", UUID.fromString(sibling.id())));
        assertEquals(2, fixtures.count("select count(*) from personal_access_token where user_id = ?", owner.userId()));
    }

    @Test
    void aSecretWithoutScopesCanDoNothingWithTokens() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "powerless");
        ErrorBodies.assertError(TokenApi.get(token.secret(), token.id()), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.list(token.secret()), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.create(token.secret(), fields("name", "x", "scopes", List.of())), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.patch(token.secret(), token.id(), fields("name", "x")), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.rotate(token.secret(), token.id()), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.delete(token.secret(), token.id()), 403, "forbidden");
    }

    @Test
    void anUnrelatedScopeIsForbidden() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "user reader", "user:read");
        ErrorBodies.assertError(TokenApi.get(token.secret(), token.id()), 403, "forbidden");
        ErrorBodies.assertError(TokenApi.list(token.secret()), 403, "forbidden");
    }

    @Test
    void aSecretCreatesTokensForItsUserWithinItsScopes() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "creator", READ, WRITE);

        Response created = TokenApi.create(token.secret(), fields("name", "child", "scopes", List.of(READ)));
        assertEquals(201, created.statusCode(), created::asString);
        assertEquals(owner.userId().toString(), created.jsonPath().getString("userId"));

        TokenApi.assertValidation(TokenApi.create(token.secret(), fields("name", "wider", "scopes", List.of("user:read"))),
                "scopes[0]");
        TokenApi.assertValidation(TokenApi.patch(token.secret(), token.id(), fields("scopes", List.of(READ, WRITE, "user:write"))),
                "scopes[2]");
    }

    @Test
    void aUsersSecretReachesOnlyTheirOwnTokens() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "owner's", READ, WRITE);
        UUID othersToken = fixtures.token(owner.accountId(), other.userId(), "other's", null, null, false, READ);

        ErrorBodies.assertError(TokenApi.get(token.secret(), othersToken.toString()), 404, "not_found");
        ErrorBodies.assertError(TokenApi.patch(token.secret(), othersToken.toString(), fields("name", "x")), 404, "not_found");
        ErrorBodies.assertError(TokenApi.delete(token.secret(), othersToken.toString()), 404, "not_found");
        assertEquals(List.of(token.id()), ids(TokenApi.list(token.secret())));
        TokenApi.assertValidation(TokenApi.list(token.secret(), Map.of("userId", other.userId().toString())), "userId");
    }

    @Test
    void anAdminsSecretReadsTheAccountsTokens() {
        TokenApi.Issued token = TokenApi.issue(admin.jwt(), "admin reader", READ);
        UUID ownersToken = fixtures.token(owner.accountId(), owner.userId(), "owner's", null, null, false, READ);
        UUID othersToken = fixtures.token(owner.accountId(), other.userId(), "other's", null, null, false, READ);

        Response response = TokenApi.get(token.secret(), ownersToken.toString());
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals(ownersToken.toString(), response.jsonPath().getString("id"));

        List<String> listed = ids(TokenApi.list(token.secret()));
        assertTrue(listed.containsAll(List.of(token.id(), ownersToken.toString(), othersToken.toString())), listed::toString);
        assertEquals(3, listed.size(), listed::toString);
        assertEquals(List.of(othersToken.toString()), ids(TokenApi.list(token.secret(), Map.of("userId", other.userId().toString()))));

        // Read scope only: the admin role does not lift the token's scope limit.
        ErrorBodies.assertError(TokenApi.patch(token.secret(), ownersToken.toString(), fields("name", "x")), 403, "forbidden");
    }

    @Test
    void theRoleIsTheUsersStoredRoleAtEachUse() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "promoted", READ);
        UUID othersToken = fixtures.token(owner.accountId(), other.userId(), "other's", null, null, false, READ);
        ErrorBodies.assertError(TokenApi.get(token.secret(), othersToken.toString()), 404, "not_found");

        fixtures.changeUser(owner.userId(), "role = 'admin', roles = '{admin}'");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals(200, TokenApi.get(token.secret(), othersToken.toString()).statusCode(), "promoted to admin"));

        fixtures.changeUser(owner.userId(), "role = 'user', roles = '{user}'");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                ErrorBodies.assertError(TokenApi.get(token.secret(), othersToken.toString()), 404, "not_found"));
    }

    @Test
    void aSecretNeverReachesAnotherAccount() {
        TokenApi.Issued token = TokenApi.issue(admin.jwt(), "admin writer", READ, WRITE);
        UUID foreignAccount = UUID.randomUUID();
        UUID foreignUser = fixtures.user(foreignAccount, null, null, "user");
        UUID foreignToken = fixtures.token(foreignAccount, foreignUser, "foreign", null, null, false, READ);
        String id = foreignToken.toString();

        ErrorBodies.assertError(TokenApi.get(token.secret(), id), 404, "not_found");
        ErrorBodies.assertError(TokenApi.patch(token.secret(), id, fields("name", "x")), 404, "not_found");
        ErrorBodies.assertError(TokenApi.rotate(token.secret(), id), 404, "not_found");
        ErrorBodies.assertError(TokenApi.delete(token.secret(), id), 404, "not_found");
        assertFalse(ids(TokenApi.list(token.secret())).contains(id));
        assertEquals(List.of(), ids(TokenApi.list(token.secret(), Map.of("userId", foreignUser.toString()))));
        assertEquals("foreign", fixtures.single("select name from personal_access_token where id = ?", foreignToken));
    }

    @Test
    void aJwtStillWorksNextToSecrets() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "jwt alongside", READ);
        assertEquals(200, TokenApi.get(owner.jwt(), token.id()).statusCode());
        assertEquals(200, TokenApi.get(token.secret(), token.id()).statusCode());
        // A secret-shaped value is never handed to the JWT verifier as a fallback.
        TokenApi.assertUnauthorized(TokenApi.get("pat_" + owner.jwt(), token.id()));
    }
}
