package dev.pat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.pat.support.Jwts;
import dev.pat.support.Management;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Black box: the packaged service (jar here, native binary where GraalVM exists) on its real
 * HTTP port and its embedded PostgreSQL. A new account is built through the public API only,
 * then a token goes through its whole life.
 */
@QuarkusIntegrationTest
class TokenLifecycleIT {

    private static final String TOKENS = "/v3/personal-access-tokens";

    @Test
    void aTokenIsCreatedUsedRotatedAndRevoked() {
        UUID account = UUID.randomUUID();
        String setup = Jwts.admin(account, UUID.randomUUID());

        String resellerId = given().auth().oauth2(setup).contentType(ContentType.JSON)
                .body(Map.of("name", "IT Reseller", "email", "it@reseller.example", "allowedUsers", 10))
                .post("/v3/resellers").then().statusCode(201).extract().path("id");
        String organizationId = given().auth().oauth2(setup).contentType(ContentType.JSON)
                .body(Map.of("name", "IT Org", "resellerId", resellerId,
                        "address", Map.of("city", "Lisbon", "country", "PT")))
                .post("/v3/organizations").then().statusCode(201).extract().path("id");
        String userId = given().auth().oauth2(setup).contentType(ContentType.JSON)
                .body(Map.of("firstName", "Ida", "lastName", "Tester", "email", "ida@it.example", "role", "admin",
                        "organizationId", organizationId, "resellerId", resellerId, "tags", List.of("it"),
                        "metadata", List.of(Map.of("key", "plan", "value", "pro", "viewPermissions", List.of("user")))))
                .post("/v3/users").then().statusCode(201).extract().path("id");

        String jwt = Jwts.admin(account, UUID.fromString(userId));
        var created = given().auth().oauth2(jwt).contentType(ContentType.JSON)
                .body(Map.of("name", "it-token", "scopes", List.of("personalAccessToken:read", "personalAccessToken:write")))
                .post(TOKENS).then().statusCode(201)
                .body("token", matchesPattern("pat_[0-9A-Za-z]{36}"))
                .extract();
        String id = created.path("id");
        String secret = created.path("token");

        given().auth().oauth2(jwt).get(TOKENS + "/" + id).then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token", nullValue())
                .body("user.name", equalTo("Ida Tester"))
                .body("user.organization.address.city", equalTo("Lisbon"))
                .body("user.organization.reseller.id", equalTo(resellerId))
                .body("user.reseller.name", equalTo("IT Reseller"))
                .body("user.metadata[0].key", equalTo("plan"))
                .body("user.tags[0]", equalTo("it"))
                .body("user.emailPreference.metrics", equalTo(true));

        given().auth().oauth2(secret).get(TOKENS + "/self").then().statusCode(200).body("id", equalTo(id));

        String rotated = given().auth().oauth2(jwt).post(TOKENS + "/" + id + "/rotate").then().statusCode(200)
                .body("id", equalTo(id))
                .body("lastRotatedAt", matchesPattern("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"))
                .extract().path("token");
        given().auth().oauth2(secret).get(TOKENS + "/self").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().auth().oauth2(rotated).get(TOKENS + "/self").then().statusCode(200);

        given().auth().oauth2(jwt).contentType(ContentType.JSON).body(Map.of("revoked", true))
                .patch(TOKENS + "/" + id).then().statusCode(200).body("revoked", equalTo(true));
        given().auth().oauth2(rotated).get(TOKENS + "/self").then().statusCode(401);
    }

    @Test
    void healthAndOpenApiAreServed() {
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.PersonalAccessToken", notNullValue());
    }

    @Test
    void errorsAreJsonWithoutCredentials() {
        given().get(TOKENS + "/" + UUID.randomUUID()).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("unauthorized"));
    }
}
