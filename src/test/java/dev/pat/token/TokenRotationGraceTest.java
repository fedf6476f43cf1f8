package dev.pat.token;

import static dev.pat.support.TokenApi.fields;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation with a grace period: the replaced secret keeps working until the period ends (on the
 * service's clock, which the test moves), at most two secrets are ever valid, and revoking or
 * deleting the token ends both at once.
 */
@QuarkusTest
class TokenRotationGraceTest {

    private static final String INTROSPECT = "/v3/personal-access-tokens/introspect";

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    private String ownerJwt;

    @BeforeEach
    void arrange() {
        ownerJwt = fixtures.administrator().jwt();
    }

    @AfterEach
    void release() {
        clock.release();
    }

    @Test
    void theReplacedSecretWorksUntilTheGracePeriodEnds() {
        TokenApi.Issued issued = TokenApi.issue(ownerJwt, "graceful", "personalAccessToken:read");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.freezeAt(now);

        Response rotated = rotate(issued.id(), "{\"gracePeriodSeconds\": 30}");
        assertEquals(200, rotated.statusCode(), rotated::asString);
        assertEquals(now.plusSeconds(30).toString(), rotated.jsonPath().getString("previousTokenExpiresAt"));
        String fresh = rotated.jsonPath().getString("token");

        TokenApi.self(issued.secret()).then().statusCode(200);
        TokenApi.self(fresh).then().statusCode(200);
        assertTrue(active(issued.secret()));
        // The token body keeps exactly the seed's fields.
        Response body = TokenApi.get(ownerJwt, issued.id());
        assertFalse(body.asString().contains("previousTokenExpiresAt"), body.asString());

        clock.advance(Duration.ofSeconds(29));
        TokenApi.self(issued.secret()).then().statusCode(200);
        clock.advance(Duration.ofSeconds(1));
        TokenApi.assertUnauthorized(TokenApi.self(issued.secret()));
        assertFalse(active(issued.secret()));
        TokenApi.self(fresh).then().statusCode(200);
    }

    @Test
    void aSecondRotationEndsTheFirstGraceAtOnce() {
        TokenApi.Issued issued = TokenApi.issue(ownerJwt, "twice", "personalAccessToken:read");
        String second = rotate(issued.id(), "{\"gracePeriodSeconds\": 3600}").jsonPath().getString("token");
        String third = rotate(issued.id(), "{\"gracePeriodSeconds\": 3600}").jsonPath().getString("token");
        TokenApi.assertUnauthorized(TokenApi.self(issued.secret()));
        TokenApi.self(second).then().statusCode(200);
        TokenApi.self(third).then().statusCode(200);

        // Without a grace period the replaced secret stops at once.
        String fourth = rotate(issued.id(), null).jsonPath().getString("token");
        TokenApi.assertUnauthorized(TokenApi.self(second));
        TokenApi.assertUnauthorized(TokenApi.self(third));
        TokenApi.self(fourth).then().statusCode(200);
    }

    @Test
    void revokingOrDeletingEndsBothSecrets() {
        TokenApi.Issued revoked = TokenApi.issue(ownerJwt, "revoked in grace", "personalAccessToken:read");
        String fresh = rotate(revoked.id(), "{\"gracePeriodSeconds\": 3600}").jsonPath().getString("token");
        TokenApi.self(revoked.secret()).then().statusCode(200);
        TokenApi.patch(ownerJwt, revoked.id(), fields("revoked", true)).then().statusCode(200);
        TokenApi.assertUnauthorized(TokenApi.self(revoked.secret()));
        TokenApi.assertUnauthorized(TokenApi.self(fresh));
        assertFalse(active(revoked.secret()));

        TokenApi.Issued deleted = TokenApi.issue(ownerJwt, "deleted in grace", "personalAccessToken:read");
        String newer = rotate(deleted.id(), "{\"gracePeriodSeconds\": 3600}").jsonPath().getString("token");
        TokenApi.self(deleted.secret()).then().statusCode(200);
        TokenApi.delete(ownerJwt, deleted.id()).then().statusCode(204);
        TokenApi.assertUnauthorized(TokenApi.self(deleted.secret()));
        TokenApi.assertUnauthorized(TokenApi.self(newer));
    }

    @Test
    void theGracePeriodIsBounded() {
        TokenApi.Issued issued = TokenApi.issue(ownerJwt, "bounded", "personalAccessToken:read");
        TokenApi.assertValidation(rotate(issued.id(), "{\"gracePeriodSeconds\": 86401}"), "gracePeriodSeconds");
        TokenApi.assertValidation(rotate(issued.id(), "{\"gracePeriodSeconds\": -1}"), "gracePeriodSeconds");
        TokenApi.self(issued.secret()).then().statusCode(200);
        assertEquals(200, rotate(issued.id(), "{\"gracePeriodSeconds\": 86400}").statusCode());
    }

    private Response rotate(String id, String body) {
        var request = given().auth().oauth2(ownerJwt);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/v3/personal-access-tokens/" + id + "/rotate");
    }

    private boolean active(String secret) {
        return given().auth().oauth2(ownerJwt).contentType(ContentType.URLENC).formParam("token", secret).post(INTROSPECT)
                .then().statusCode(200).extract().jsonPath().getBoolean("active");
    }
}
