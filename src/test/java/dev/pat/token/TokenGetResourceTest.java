package dev.pat.token;

import static dev.pat.support.SeedContract.TOKEN_PATH;
import static dev.pat.support.SeedContract.assertPresentNull;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.http.json.ApiTimeSerializer;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.SeedContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /v3/personal-access-tokens/{id} answers 200 with the seed's body: every field checked for
 * its value, exactly the seed's fields at every level, nulls written out.
 */
@QuarkusTest
class TokenGetResourceTest {

    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectMapper json;

    private UUID accountId;
    private UUID adminId;
    private UUID organizationResellerId;
    private UUID userResellerId;
    private UUID organizationId;
    private UUID userId;
    private UUID tokenId;

    @BeforeEach
    void arrange() {
        accountId = UUID.randomUUID();
        adminId = UUID.randomUUID();
        organizationResellerId = fixtures.reseller(accountId, "North Star");
        userResellerId = fixtures.reseller(accountId, "South Cross");
        organizationId = fixtures.organization(accountId, organizationResellerId, "Acme Corp");
        userId = fixtures.user(accountId, organizationId, userResellerId, "user");
        tokenId = fixtures.token(accountId, userId, "CI deploy", "secret-" + UUID.randomUUID(), EXPIRES, false,
                "personalAccessToken:read", "user:read");
    }

    @Test
    void theServicesMapperWritesTimestampsThroughTheApiSerializer() throws Exception {
        assertSame(ApiTimeSerializer.INSTANCE, json.getSerializerProviderInstance().findValueSerializer(Instant.class));
    }

    @Test
    void adminOfTheAccountGetsEveryFieldOfTheSeed() {
        Response response = get(Jwts.admin(accountId, adminId), tokenId.toString());
        assertFullBody(response);
    }

    @Test
    void ownerGetsTheSameBodyAsTheAdmin() {
        Response asOwner = get(Jwts.user(accountId, userId), tokenId.toString());
        assertFullBody(asOwner);
        Response asAdmin = get(Jwts.admin(accountId, adminId), tokenId.toString());
        assertEquals(SeedContract.parse(asAdmin.asString()), SeedContract.parse(asOwner.asString()));
    }

    @Test
    void es256SignedJwtIsAccepted() {
        String jwt = Jwts.signEs256(Jwts.claims(accountId, adminId, "admin"));
        get(jwt, tokenId.toString()).then()
                .statusCode(200)
                .body("id", equalTo(tokenId.toString()));
    }

    @Test
    void etagIsAStrongValidatorStableAcrossReads() {
        String jwt = Jwts.admin(accountId, adminId);
        String first = get(jwt, tokenId.toString()).then().statusCode(200)
                .header("ETag", matchesPattern("^\"[^\"]+\"$"))
                .extract().header("ETag");
        String second = get(jwt, tokenId.toString()).then().statusCode(200).extract().header("ETag");
        assertEquals(first, second);
    }

    @Test
    void userWithoutOrganizationOrResellerHasThoseFieldsAsNull() {
        UUID loneUser = fixtures.user(accountId, null, null, "user");
        UUID loneToken = fixtures.token(accountId, loneUser, "lone", null, EXPIRES, false, "personalAccessToken:read");

        Response response = get(Jwts.admin(accountId, adminId), loneToken.toString());
        response.then().statusCode(200);
        JsonNode body = SeedContract.parse(response.asString());
        SeedContract.assertTokenShape(body);
        JsonNode user = body.get("user");
        assertPresentNull(user, "organizationId", "user");
        assertPresentNull(user, "organization", "user");
        assertPresentNull(user, "resellerId", "user");
        assertPresentNull(user, "reseller", "user");
    }

    @Test
    void organizationWithoutResellerHasResellerFieldsAsNull() {
        UUID soloOrganization = fixtures.organization(accountId, null, "Solo Org");
        UUID member = fixtures.user(accountId, soloOrganization, null, "user");
        UUID memberToken = fixtures.token(accountId, member, "member", null, EXPIRES, false);

        Response response = get(Jwts.admin(accountId, adminId), memberToken.toString());
        response.then().statusCode(200)
                .body("user.organizationId", equalTo(soloOrganization.toString()))
                .body("user.organization.id", equalTo(soloOrganization.toString()))
                .body("user.organization.name", equalTo("Solo Org"));
        JsonNode body = SeedContract.parse(response.asString());
        SeedContract.assertTokenShape(body);
        JsonNode organization = body.get("user").get("organization");
        assertPresentNull(organization, "resellerId", "user.organization");
        assertPresentNull(organization, "reseller", "user.organization");
    }

    @Test
    void absentValuesAreNullAndEmptyListsAreEmptyArrays() {
        UUID sparseUser = fixtures.user(accountId, null, null, "user");
        fixtures.update("update app_user set first_name = null, last_name = null, company = null, last_login_at = null,"
                + " last_seen_at = null, tags = '{}' where id = ?", sparseUser);
        fixtures.update("delete from user_metadata where user_id = ?", sparseUser);
        UUID sparseToken = fixtures.token(accountId, sparseUser, "sparse", null, null, true);
        fixtures.update("update personal_access_token set last_used_at = null, last_rotated_at = null where id = ?",
                sparseToken);

        Response response = get(Jwts.admin(accountId, adminId), sparseToken.toString());
        response.then().statusCode(200)
                .body("revoked", equalTo(true))
                .body("scopes", empty())
                .body("user.metadata", empty())
                .body("user.tags", empty())
                .body("user.roles", contains("user"));
        JsonNode body = SeedContract.parse(response.asString());
        SeedContract.assertTokenShape(body);
        assertPresentNull(body, "expiresAt", "token");
        assertPresentNull(body, "lastUsedAt", "token");
        assertPresentNull(body, "lastRotatedAt", "token");
        JsonNode user = body.get("user");
        assertPresentNull(user, "name", "user");
        assertPresentNull(user, "firstName", "user");
        assertPresentNull(user, "lastName", "user");
        assertPresentNull(user, "company", "user");
        assertPresentNull(user, "lastLoginAt", "user");
        assertPresentNull(user, "lastSeenAt", "user");
    }

    @Test
    void nameIsDerivedFromWhicheverNamesExist() {
        fixtures.update("update app_user set last_name = null where id = ?", userId);
        get(Jwts.admin(accountId, adminId), tokenId.toString()).then()
                .statusCode(200)
                .body("user.name", equalTo("Ada"))
                .body("user.firstName", equalTo("Ada"))
                .body("user.lastName", nullValue());
    }

    @Test
    void timestampsAreTruncatedToWholeSeconds() {
        fixtures.update("update personal_access_token set last_used_at = timestamptz '2019-08-24 14:27:22.987654+00'"
                + " where id = ?", tokenId);
        get(Jwts.admin(accountId, adminId), tokenId.toString()).then()
                .statusCode(200)
                .body("lastUsedAt", equalTo("2019-08-24T14:27:22Z"));
    }

    private static Response get(String jwt, String id) {
        return given()
                .header("Authorization", "Bearer " + jwt)
                .when()
                .get(TOKEN_PATH, id)
                .then()
                .extract().response();
    }

    /** Every value Fixtures wrote, at T0 = 2019-08-24T14:15:22Z plus each row's offsets in seconds. */
    private void assertFullBody(Response response) {
        List<Object> metadataIds = fixtures.column(
                "select id::text from user_metadata where user_id = ? order by position", userId);
        assertEquals(2, metadataIds.size());

        response.then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", equalTo("no-store"))
                .header("ETag", matchesPattern("^\"[^\"]+\"$"))
                // the token (T0 + 600 .. 780)
                .body("id", equalTo(tokenId.toString()))
                .body("createdAt", equalTo("2019-08-24T14:25:22Z"))
                .body("updatedAt", equalTo("2019-08-24T14:26:22Z"))
                .body("name", equalTo("CI deploy"))
                .body("expiresAt", equalTo("2030-01-01T00:00:00Z"))
                .body("revoked", equalTo(false))
                .body("scopes", contains("personalAccessToken:read", "user:read"))
                .body("userId", equalTo(userId.toString()))
                .body("lastUsedAt", equalTo("2019-08-24T14:27:22Z"))
                .body("lastRotatedAt", equalTo("2019-08-24T14:28:22Z"))
                // the user (T0 + 240 .. 420)
                .body("user.id", equalTo(userId.toString()))
                .body("user.createdAt", equalTo("2019-08-24T14:19:22Z"))
                .body("user.updatedAt", equalTo("2019-08-24T14:20:22Z"))
                .body("user.name", equalTo("Ada Lovelace"))
                .body("user.firstName", equalTo("Ada"))
                .body("user.lastName", equalTo("Lovelace"))
                .body("user.email", equalTo("ada+" + userId + "@users.test"))
                .body("user.role", equalTo("user"))
                .body("user.twoFactorEnabled", equalTo(true))
                .body("user.googleSsoEnabled", equalTo(false))
                .body("user.lastLoginAt", equalTo("2019-08-24T14:21:22Z"))
                .body("user.company", equalTo("Analytical Engines"))
                .body("user.allowCustomerPortalAccess", equalTo(true))
                .body("user.roles", contains("user"))
                .body("user.lastSeenAt", equalTo("2019-08-24T14:22:22Z"))
                .body("user.organizationId", equalTo(organizationId.toString()))
                .body("user.resellerId", equalTo(userResellerId.toString()))
                .body("user.tags", contains("vip", "beta"))
                .body("user.emailPreference.metrics", equalTo(true))
                // the organization (T0 + 120 .. 180) and its address
                .body("user.organization.id", equalTo(organizationId.toString()))
                .body("user.organization.createdAt", equalTo("2019-08-24T14:17:22Z"))
                .body("user.organization.updatedAt", equalTo("2019-08-24T14:18:22Z"))
                .body("user.organization.name", equalTo("Acme Corp"))
                .body("user.organization.email", equalTo("contact@acme-corp.test"))
                .body("user.organization.description", equalTo("Organization Acme Corp"))
                .body("user.organization.allowedUsers", equalTo(25))
                .body("user.organization.address.addressLine1", equalTo("1 Main Street"))
                .body("user.organization.address.addressLine2", equalTo("Suite 2"))
                .body("user.organization.address.city", equalTo("Springfield"))
                .body("user.organization.address.state", equalTo("IL"))
                .body("user.organization.address.country", equalTo("US"))
                .body("user.organization.address.postalCode", equalTo("62701"))
                .body("user.organization.resellerId", equalTo(organizationResellerId.toString()))
                // the organization's reseller (T0 .. T0 + 60)
                .body("user.organization.reseller.id", equalTo(organizationResellerId.toString()))
                .body("user.organization.reseller.createdAt", equalTo("2019-08-24T14:15:22Z"))
                .body("user.organization.reseller.updatedAt", equalTo("2019-08-24T14:16:22Z"))
                .body("user.organization.reseller.name", equalTo("North Star"))
                .body("user.organization.reseller.email", equalTo("north.star@resellers.test"))
                .body("user.organization.reseller.description", equalTo("Reseller North Star"))
                .body("user.organization.reseller.allowedUsers", equalTo(50))
                .body("user.organization.reseller.allowedOrganizations", equalTo(5))
                // the user's own reseller, a different one
                .body("user.reseller.id", equalTo(userResellerId.toString()))
                .body("user.reseller.createdAt", equalTo("2019-08-24T14:15:22Z"))
                .body("user.reseller.updatedAt", equalTo("2019-08-24T14:16:22Z"))
                .body("user.reseller.name", equalTo("South Cross"))
                .body("user.reseller.email", equalTo("south.cross@resellers.test"))
                .body("user.reseller.description", equalTo("Reseller South Cross"))
                .body("user.reseller.allowedUsers", equalTo(50))
                .body("user.reseller.allowedOrganizations", equalTo(5))
                // metadata in position order (T0 + 480 .. 540)
                .body("user.metadata.id", contains(metadataIds.get(0), metadataIds.get(1)))
                .body("user.metadata[0].createdAt", equalTo("2019-08-24T14:23:22Z"))
                .body("user.metadata[0].updatedAt", equalTo("2019-08-24T14:24:22Z"))
                .body("user.metadata[0].key", equalTo("plan"))
                .body("user.metadata[0].value", equalTo("gold"))
                .body("user.metadata[0].viewPermissions", contains("activation", "user"))
                .body("user.metadata[0].visible", equalTo(true))
                .body("user.metadata[1].createdAt", equalTo("2019-08-24T14:23:22Z"))
                .body("user.metadata[1].updatedAt", equalTo("2019-08-24T14:24:22Z"))
                .body("user.metadata[1].key", equalTo("region"))
                .body("user.metadata[1].value", equalTo("eu"))
                .body("user.metadata[1].viewPermissions", contains("organization"))
                .body("user.metadata[1].visible", equalTo(false));

        SeedContract.assertTokenShape(SeedContract.parse(response.asString()));
    }
}
