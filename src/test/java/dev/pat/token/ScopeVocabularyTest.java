package dev.pat.token;

import static dev.pat.support.TokenApi.fields;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens carry the platform's scopes, not only this service's; GET /v3/scopes lists them for token forms. */
@QuarkusTest
class ScopeVocabularyTest {

    @Inject
    Fixtures fixtures;

    @Test
    void aTokenMayCarryThePlatformsScopes() {
        String jwt = fixtures.owner().jwt();
        TokenApi.Issued issued = TokenApi.issue(jwt, "licensing", "license:read", "product:write", "personalAccessToken:read");
        TokenApi.get(jwt, issued.id()).then().statusCode(200)
                .body("scopes", org.hamcrest.Matchers.contains("license:read", "product:write", "personalAccessToken:read"));
        // Carried, not interpreted: license:read gives nothing here.
        ErrorBodies.assertError(TokenApi.get(TokenApi.issue(jwt, "only licenses", "license:read").secret(), issued.id()),
                403, "forbidden");

        TokenApi.assertValidation(TokenApi.create(jwt, fields("name", "x", "scopes", List.of("license:read", "licence:read"))),
                "scopes[1]");
    }

    @Test
    void anyAuthenticatedCallerListsTheVocabulary() {
        String jwt = fixtures.owner().jwt();
        String narrowSecret = TokenApi.issue(jwt, "narrow", "license:read").secret();
        for (String credential : List.of(jwt, narrowSecret)) {
            given().auth().oauth2(credential).get("/v3/scopes").then().statusCode(200)
                    .body("name", hasItems("license:read", "license:write", "webhook:read", "personalAccessToken:write",
                            "organization:write"))
                    .body("find { it.name == 'license:read' }.description", org.hamcrest.Matchers.equalTo("Read licenses"));
        }
        assertEquals(35, given().auth().oauth2(jwt).get("/v3/scopes").then().extract().jsonPath().getList("name").size());
        TokenApi.assertUnauthorized(given().get("/v3/scopes"));
    }
}
