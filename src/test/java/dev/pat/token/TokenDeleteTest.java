package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.delete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DELETE /v3/personal-access-tokens/{id}: the token is gone and its secret refused from then on. */
@QuarkusTest
class TokenDeleteTest {

    @Inject
    Fixtures fixtures;

    private UUID accountId;
    private UUID ownerId;
    private String ownerJwt;

    @BeforeEach
    void arrange() {
        accountId = UUID.randomUUID();
        ownerId = fixtures.user(accountId, null, null, "user");
        ownerJwt = Jwts.user(accountId, ownerId);
    }

    @Test
    void deleteRemovesTheTokenAndKillsItsSecret() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "doomed", READ);
        TokenApi.Issued kept = TokenApi.issue(ownerJwt, "kept", READ);
        assertEquals(200, TokenApi.self(token.secret()).statusCode(), "control: the secret works before");

        Response response = delete(ownerJwt, token.id());

        assertEquals(204, response.statusCode(), response::asString);
        assertEquals("", response.asString(), "204 has no body");
        ErrorBodies.assertError(TokenApi.get(ownerJwt, token.id()), 404, "not_found");
        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where id = ?", UUID.fromString(token.id())));
        assertEquals(List.of(kept.id()), TokenApi.ids(TokenApi.list(ownerJwt)));
        // The owner's other token is untouched.
        assertEquals(200, TokenApi.self(kept.secret()).statusCode());
    }

    @Test
    void deletingTwiceIs404TheSecondTime() {
        UUID id = fixtures.token(accountId, ownerId, "once", null, null, false, READ);
        assertEquals(204, delete(ownerJwt, id.toString()).statusCode());
        ErrorBodies.assertError(delete(ownerJwt, id.toString()), 404, "not_found");
    }

    @Test
    void ifMatchGuardsTheDelete() {
        UUID id = fixtures.token(accountId, ownerId, "guarded", null, null, false, READ);
        Response fetched = TokenApi.get(ownerJwt, id.toString());
        String stale = TokenApi.assertEtag(fetched, id.toString());
        Response renamed = TokenApi.patch(ownerJwt, id.toString(), TokenApi.fields("name", "renamed"));
        String current = TokenApi.assertEtag(renamed, id.toString());
        assertFalse(stale.equals(current), "The rename makes a new version");

        ErrorBodies.assertError(delete(ownerJwt, id.toString(), stale), 412, "precondition_failed");
        assertEquals(1, fixtures.count("select count(*) from personal_access_token where id = ?", id));

        assertEquals(204, delete(ownerJwt, id.toString(), current).statusCode());
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where id = ?", id));
    }

    @Test
    void aReadOnlyCredentialCannotDelete() {
        UUID id = fixtures.token(accountId, ownerId, "read only", null, null, false, READ);
        ErrorBodies.assertError(delete(Jwts.scoped(accountId, ownerId, READ, "user"), id.toString()), 403, "forbidden");
        assertEquals(1, fixtures.count("select count(*) from personal_access_token where id = ?", id));
    }

    @Test
    void aTokenCanDeleteItself() {
        TokenApi.Issued token = TokenApi.issue(ownerJwt, "self-destructing", READ, WRITE);
        assertEquals(204, delete(token.secret(), token.id()).statusCode());
        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        assertTrue(TokenApi.ids(TokenApi.list(ownerJwt)).isEmpty());
    }

    @Test
    void aMissingOrMalformedIdIs404() {
        ErrorBodies.assertError(delete(ownerJwt, UUID.randomUUID().toString()), 404, "not_found");
        ErrorBodies.assertError(delete(ownerJwt, "abc"), 404, "not_found");
    }
}
