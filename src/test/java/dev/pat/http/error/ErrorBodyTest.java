package dev.pat.http.error;

import static dev.pat.support.SeedContract.TOKEN_PATH;
import static io.restassured.RestAssured.given;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Errors raised outside the endpoint's own logic (routing, method, content negotiation) still answer
 * the JSON body {"message", "code"} and nothing else. Requests carry a valid credential for an
 * existing token, so only the condition under test can fail them.
 */
@QuarkusTest
class ErrorBodyTest {

    @Inject
    Fixtures fixtures;

    private String adminJwt;
    private UUID tokenId;

    @BeforeEach
    void arrange() {
        UUID accountId = UUID.randomUUID();
        UUID userId = fixtures.user(accountId, null, null, "user");
        tokenId = fixtures.token(accountId, userId, "error target", null, null, false);
        adminJwt = Jwts.admin(accountId, UUID.randomUUID());
    }

    @Test
    void unknownPath() {
        Response response = given().header("Authorization", "Bearer " + adminJwt)
                .when().get("/nope")
                .then().extract().response();
        ErrorBodies.assertError(response, 404, "not_found");
    }

    @Test
    void unknownPathWithoutCredential() {
        Response response = given().when().get("/v3/nope").then().extract().response();
        ErrorBodies.assertError(response, 404, "not_found");
    }

    @Test
    void methodNotAllowed() {
        Response response = given().header("Authorization", "Bearer " + adminJwt)
                .contentType(ContentType.JSON)
                .body("{}")
                .when().post(TOKEN_PATH, tokenId.toString())
                .then().extract().response();
        ErrorBodies.assertError(response, 405, "method_not_allowed");
    }

    @Test
    void notAcceptable() {
        Response response = given().header("Authorization", "Bearer " + adminJwt)
                .accept("application/xml")
                .when().get(TOKEN_PATH, tokenId.toString())
                .then().extract().response();
        ErrorBodies.assertError(response, 406, "not_acceptable");
    }

    @Test
    void controlJsonIsAcceptable() {
        given().header("Authorization", "Bearer " + adminJwt)
                .accept(ContentType.JSON)
                .when().get(TOKEN_PATH, tokenId.toString())
                .then().statusCode(200);
    }
}
