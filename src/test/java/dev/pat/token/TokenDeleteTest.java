package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.delete;
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
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DELETE /v3/personal-access-tokens/{id}: the token is gone and its secret refused from then on. */
@QuarkusTest
class TokenDeleteTest {

    @Inject
    Fixtures fixtures;

    private Owner owner;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
    }

    @Test
    void deleteRemovesTheTokenAndKillsItsSecret() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "doomed", READ);
        TokenApi.Issued kept = TokenApi.issue(owner.jwt(), "kept", READ);
        assertEquals(200, TokenApi.self(token.secret()).statusCode(), "control: the secret works before");

        Response response = delete(owner.jwt(), token.id());

        assertEquals(204, response.statusCode(), response::asString);
        assertEquals("", response.asString(), "204 has no body");
        ErrorBodies.assertError(TokenApi.get(owner.jwt(), token.id()), 404, "not_found");
        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where id = ?", UUID.fromString(token.id())));
        assertEquals(List.of(kept.id()), TokenApi.ids(TokenApi.list(owner.jwt())));
        // The owner's other token is untouched.
        assertEquals(200, TokenApi.self(kept.secret()).statusCode());
    }

    @Test
    void deletingTwiceIs404TheSecondTime() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "once", null, null, false, READ);
        assertEquals(204, delete(owner.jwt(), id.toString()).statusCode());
        ErrorBodies.assertError(delete(owner.jwt(), id.toString()), 404, "not_found");
    }

    @Test
    void ifMatchGuardsTheDelete() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "guarded", null, null, false, READ);
        Response fetched = TokenApi.get(owner.jwt(), id.toString());
        String stale = TokenApi.assertEtag(fetched, id.toString());
        Response renamed = TokenApi.patch(owner.jwt(), id.toString(), TokenApi.fields("name", "renamed"));
        String current = TokenApi.assertEtag(renamed, id.toString());
        assertFalse(stale.equals(current), "The rename makes a new version");

        ErrorBodies.assertError(delete(owner.jwt(), id.toString(), stale), 412, "precondition_failed");
        assertEquals(1, fixtures.count("select count(*) from personal_access_token where id = ?", id));

        assertEquals(204, delete(owner.jwt(), id.toString(), current).statusCode());
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where id = ?", id));
    }

    @Test
    void aReadOnlyCredentialCannotDelete() {
        UUID id = fixtures.token(owner.accountId(), owner.userId(), "read only", null, null, false, READ);
        ErrorBodies.assertError(delete(owner.scoped(READ), id.toString()), 403, "forbidden");
        assertEquals(1, fixtures.count("select count(*) from personal_access_token where id = ?", id));
    }

    @Test
    void aTokenCanDeleteItself() {
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "self-destructing", READ, WRITE);
        assertEquals(204, delete(token.secret(), token.id()).statusCode());
        TokenApi.assertUnauthorized(TokenApi.self(token.secret()));
        assertTrue(TokenApi.ids(TokenApi.list(owner.jwt())).isEmpty());
    }

    @Test
    void aMissingOrMalformedIdIs404() {
        ErrorBodies.assertError(delete(owner.jwt(), UUID.randomUUID().toString()), 404, "not_found");
        ErrorBodies.assertError(delete(owner.jwt(), "abc"), 404, "not_found");
    }
}
