package dev.pat.token;

import static dev.pat.support.SeedContract.TOKEN_PATH;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A missing id, a malformed id, another account's token and another user's token all answer the
 * same 404, so a caller cannot tell which ids exist outside its reach.
 */
@QuarkusTest
class TokenNotFoundTest {

    @Inject
    Fixtures fixtures;

    private UUID accountId;
    private UUID ownerId;
    private UUID otherUserId;
    private UUID tokenId;

    @BeforeEach
    void arrange() {
        accountId = UUID.randomUUID();
        UUID resellerId = fixtures.reseller(accountId, "Reseller");
        UUID organizationId = fixtures.organization(accountId, resellerId, "Org");
        ownerId = fixtures.user(accountId, organizationId, resellerId, "user");
        otherUserId = fixtures.user(accountId, organizationId, resellerId, "user");
        tokenId = fixtures.token(accountId, ownerId, "owner's token", null, Instant.parse("2030-01-01T00:00:00Z"),
                false, "personalAccessToken:read");
    }

    @Test
    void everyUnreachableTokenAnswersTheSame404() {
        String admin = Jwts.admin(accountId, UUID.randomUUID());
        String adminOfAnotherAccount = Jwts.admin(UUID.randomUUID(), UUID.randomUUID());
        String otherUser = Jwts.user(accountId, otherUserId);

        Map<String, Response> cases = new LinkedHashMap<>();
        cases.put("missing id", get(admin, UUID.randomUUID().toString()));
        cases.put("malformed id 'abc'", get(admin, "abc"));
        cases.put("malformed id '123'", get(admin, "123"));
        cases.put("malformed id of UUID length", get(admin, "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"));
        cases.put("another account's token", get(adminOfAnotherAccount, tokenId.toString()));
        cases.put("another user's token", get(otherUser, tokenId.toString()));

        JsonNode first = null;
        for (Map.Entry<String, Response> entry : cases.entrySet()) {
            JsonNode body = ErrorBodies.assertError(entry.getValue(), 404, "not_found");
            if (first == null) {
                first = body;
            } else {
                assertEquals(first, body, "The 404 body for " + entry.getKey() + " differs");
            }
        }
    }

    @Test
    void theSameTokenIsFoundByItsOwnerAndTheAccountAdmin() {
        // The control case: the 404s above are about reach, not about a broken row.
        get(Jwts.user(accountId, ownerId), tokenId.toString()).then().statusCode(200);
        get(Jwts.admin(accountId, UUID.randomUUID()), tokenId.toString()).then().statusCode(200);
    }

    private static Response get(String jwt, String id) {
        return given()
                .header("Authorization", "Bearer " + jwt)
                .when()
                .get(TOKEN_PATH, id)
                .then()
                .extract().response();
    }
}
