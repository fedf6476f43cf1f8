package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.self;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.support.SeedContract;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v3/personal-access-tokens/self: the token that authenticated this very request. */
@QuarkusTest
class TokenSelfTest {

    @Inject
    Fixtures fixtures;

    private Owner owner;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
    }

    @Test
    void aSecretIntrospectsItsOwnToken() {
        TokenApi.Issued other = TokenApi.issue(owner.jwt(), "another of the owner's", READ, WRITE);
        TokenApi.Issued token = TokenApi.issue(owner.jwt(), "introspected", READ);

        Response response = self(token.secret());

        assertEquals(200, response.statusCode(), response::asString);
        assertEquals(token.id(), response.jsonPath().getString("id"));
        assertEquals("introspected", response.jsonPath().getString("name"));
        assertEquals(owner.userId().toString(), response.jsonPath().getString("userId"));
        SeedContract.assertTokenShape(SeedContract.parse(response.asString()));
        TokenApi.assertNoSecret(response, token.secret());
        assertEquals(token.etag(), TokenApi.assertEtag(response, token.id()));

        assertEquals(other.id(), self(other.secret()).jsonPath().getString("id"));
    }

    @Test
    void aSecretWithoutATokenScopeReadsItsTokensOwnFieldsButNotItsUser() {
        TokenApi.Issued licenses = TokenApi.issue(owner.jwt(), "licenses only", "license:read");
        TokenApi.Issued reader = TokenApi.issue(owner.jwt(), "token reader", READ);

        Response narrow = self(licenses.secret());
        assertEquals(200, narrow.statusCode(), narrow::asString);
        assertEquals(licenses.id(), narrow.jsonPath().getString("id"));
        assertEquals(owner.userId().toString(), narrow.jsonPath().getString("userId"));
        assertEquals(false, narrow.jsonPath().getMap("$").containsKey("user"), "no user graph: " + narrow.asString());
        assertEquals(false, narrow.asString().contains("@"), "no e-mail anywhere: " + narrow.asString());

        // Control: with a token scope the user comes with it.
        Response full = self(reader.secret());
        assertEquals(owner.userId().toString(), full.jsonPath().getString("user.id"));
        assertEquals(true, full.asString().contains("@"), "the user's e-mail is in the full body");
    }

    @Test
    void aJwtHasNoTokenOfItsOwn() {
        ErrorBodies.assertError(self(owner.jwt()), 404, "not_found");
        ErrorBodies.assertError(self(Jwts.admin(owner.accountId(), UUID.randomUUID())), 404, "not_found");
    }

    @Test
    void anonymousIsRefused() {
        TokenApi.assertUnauthorized(self(null));
    }
}
