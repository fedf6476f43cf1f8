package dev.pat.token;

import static dev.pat.support.SeedContract.TOKEN_PATH;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A credential that carries scopes must hold personalAccessToken:read or :write to read a token. */
@QuarkusTest
class TokenScopeTest {

    @Inject
    Fixtures fixtures;

    private Owner owner;
    private UUID tokenId;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
        tokenId = fixtures.token(owner.accountId(), owner.userId(), "scoped target", null, null, false);
    }

    @Test
    void anUnrelatedScopeIsForbiddenEvenForAnAdmin() {
        Response response = get(Jwts.scoped(owner.accountId(), UUID.randomUUID(), "user:read", "admin"));
        ErrorBodies.assertError(response, 403, "forbidden");
    }

    @Test
    void anUnrelatedScopeIsForbiddenForTheOwner() {
        Response response = get(owner.scoped("user:read user:write"));
        ErrorBodies.assertError(response, 403, "forbidden");
    }

    @Test
    void readScopeIsEnough() {
        get(owner.scoped("personalAccessToken:read")).then()
                .statusCode(200)
                .body("id", equalTo(tokenId.toString()));
    }

    @Test
    void writeScopeAlsoGrantsRead() {
        get(Jwts.scoped(owner.accountId(), UUID.randomUUID(), "personalAccessToken:write", "admin")).then()
                .statusCode(200)
                .body("id", equalTo(tokenId.toString()));
    }

    @Test
    void theRightScopeAmongOthersIsEnough() {
        get(owner.scoped("user:read personalAccessToken:read")).then()
                .statusCode(200)
                .body("id", equalTo(tokenId.toString()));
    }

    @Test
    void aScopeDoesNotWidenAUsersReach() {
        // Scopes restrict; they never let a plain user read another user's token.
        Response response = get(Jwts.scoped(owner.accountId(), UUID.randomUUID(), "personalAccessToken:read", "user"));
        ErrorBodies.assertError(response, 404, "not_found");
    }

    private Response get(String jwt) {
        return given()
                .header("Authorization", "Bearer " + jwt)
                .when()
                .get(TOKEN_PATH, tokenId.toString())
                .then()
                .extract().response();
    }
}
