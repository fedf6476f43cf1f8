package dev.pat.directory;

import static dev.pat.support.DirectoryApi.ORGANIZATIONS;
import static dev.pat.support.DirectoryApi.RESELLERS;
import static dev.pat.support.DirectoryApi.TOKENS;
import static dev.pat.support.DirectoryApi.USERS;
import static dev.pat.support.DirectoryApi.UUID_TEXT;
import static dev.pat.support.DirectoryApi.WHOLE_SECONDS;
import static dev.pat.support.DirectoryApi.adminOf;
import static dev.pat.support.DirectoryApi.as;
import static dev.pat.support.DirectoryApi.assertUserShape;
import static dev.pat.support.DirectoryApi.body;
import static dev.pat.support.DirectoryApi.create;
import static dev.pat.support.DirectoryApi.expectCreated;
import static dev.pat.support.DirectoryApi.get;
import static dev.pat.support.DirectoryApi.list;
import static dev.pat.support.DirectoryApi.metadata;
import static dev.pat.support.DirectoryApi.object;
import static dev.pat.support.DirectoryApi.organization;
import static dev.pat.support.DirectoryApi.patch;
import static dev.pat.support.DirectoryApi.post;
import static dev.pat.support.DirectoryApi.reseller;
import static dev.pat.support.DirectoryApi.uniqueEmail;
import static dev.pat.support.DirectoryApi.user;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.SeedContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The directory and the token API together, as a client sees them: an account built from nothing
 * through the public API alone yields a token whose GET shows every value that was sent, and a
 * change to the user shows in the token's GET at once.
 */
@QuarkusTest
class DirectoryEndToEndTest {

    @Inject
    Fixtures fixtures;

    /** The "Done when": no SQL, only the public API, then every field of the seed checked. */
    @Test
    void theTokenOfAnAccountBuiltThroughTheApiShowsEverythingThatWasSent() {
        UUID accountId = UUID.randomUUID();
        String admin = adminOf(accountId);
        for (String path : List.of(RESELLERS, ORGANIZATIONS, USERS)) {
            list(admin, path, Map.of()).then().statusCode(200).header("Pagination-Count", "0");
        }

        JsonNode organizationReseller = body(expectCreated(post(admin, RESELLERS, object(
                "name", "Northwind Partners",
                "email", "partners@northwind.test",
                "description", "Regional reseller",
                "allowedUsers", 120,
                "allowedOrganizations", 12))));
        JsonNode userReseller = body(expectCreated(post(admin, RESELLERS, object(
                "name", "Southwind Direct",
                "email", "direct@southwind.test",
                "description", "Direct sales",
                "allowedUsers", 30,
                "allowedOrganizations", 3))));
        JsonNode organization = body(expectCreated(post(admin, ORGANIZATIONS, object(
                "name", "Acme Rockets",
                "email", "hello@acme-rockets.test",
                "description", "Builds rockets",
                "allowedUsers", 40,
                "address", object(
                        "addressLine1", "1 Launch Pad",
                        "addressLine2", "Hangar 3",
                        "city", "Cape Canaveral",
                        "state", "FL",
                        "country", "US",
                        "postalCode", "32920"),
                "resellerId", organizationReseller.get("id").asText()))));
        JsonNode user = body(expectCreated(post(admin, USERS, object(
                "firstName", "Grace",
                "lastName", "Hopper",
                "email", "grace@acme-rockets.test",
                "role", "user",
                "company", "Acme Rockets",
                "allowCustomerPortalAccess", true,
                "organizationId", organization.get("id").asText(),
                "resellerId", userReseller.get("id").asText(),
                "tags", List.of("vip", "early-adopter"),
                "emailPreference", object("metrics", false),
                "metadata", List.of(
                        metadata("plan", "gold", List.of("activation", "user"), true),
                        metadata("region", "eu-west", List.of("organization", "reseller"), false))))));
        String userId = user.get("id").asText();

        // The user creates its own token, with a JWT whose subject is the new user.
        String owner = Jwts.forUser(accountId, UUID.fromString(userId), "user");
        Instant expiresAt = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        Response issued = expectCreated(post(owner, TOKENS, object(
                "name", "CI deploy",
                "expiresAt", expiresAt.toString(),
                "scopes", List.of("personalAccessToken:read", "user:read"))));
        String tokenId = issued.path("id");
        String secret = issued.path("token");

        // Using the token fills lastUsedAt (written off the request's path), rotating it lastRotatedAt.
        as(secret).when().get(TOKENS + "/self").then().statusCode(200).body("id", equalTo(tokenId));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(admin, TOKENS + "/" + tokenId).path("lastUsedAt") != null);
        as(owner).when().post(TOKENS + "/" + tokenId + "/rotate").then().statusCode(200);

        Response response = get(admin, TOKENS + "/" + tokenId);
        response.then()
                .statusCode(200)
                .body("id", equalTo(tokenId))
                .body("createdAt", matchesPattern(WHOLE_SECONDS))
                .body("updatedAt", matchesPattern(WHOLE_SECONDS))
                .body("name", equalTo("CI deploy"))
                .body("expiresAt", equalTo(expiresAt.toString()))
                .body("revoked", equalTo(false))
                .body("scopes", contains("personalAccessToken:read", "user:read"))
                .body("userId", equalTo(userId))
                .body("lastUsedAt", matchesPattern(WHOLE_SECONDS))
                .body("lastRotatedAt", matchesPattern(WHOLE_SECONDS))
                // the user
                .body("user.id", equalTo(userId))
                .body("user.createdAt", matchesPattern(WHOLE_SECONDS))
                .body("user.updatedAt", matchesPattern(WHOLE_SECONDS))
                .body("user.name", equalTo("Grace Hopper"))
                .body("user.firstName", equalTo("Grace"))
                .body("user.lastName", equalTo("Hopper"))
                .body("user.email", equalTo("grace@acme-rockets.test"))
                .body("user.role", equalTo("user"))
                .body("user.roles", contains("user"))
                .body("user.company", equalTo("Acme Rockets"))
                .body("user.allowCustomerPortalAccess", equalTo(true))
                .body("user.twoFactorEnabled", equalTo(false))
                .body("user.googleSsoEnabled", equalTo(false))
                .body("user.tags", contains("vip", "early-adopter"))
                .body("user.emailPreference.metrics", equalTo(false))
                // the organization, its address and its reseller
                .body("user.organizationId", equalTo(organization.get("id").asText()))
                .body("user.organization.id", equalTo(organization.get("id").asText()))
                .body("user.organization.createdAt", matchesPattern(WHOLE_SECONDS))
                .body("user.organization.updatedAt", matchesPattern(WHOLE_SECONDS))
                .body("user.organization.name", equalTo("Acme Rockets"))
                .body("user.organization.email", equalTo("hello@acme-rockets.test"))
                .body("user.organization.description", equalTo("Builds rockets"))
                .body("user.organization.allowedUsers", equalTo(40))
                .body("user.organization.address.addressLine1", equalTo("1 Launch Pad"))
                .body("user.organization.address.addressLine2", equalTo("Hangar 3"))
                .body("user.organization.address.city", equalTo("Cape Canaveral"))
                .body("user.organization.address.state", equalTo("FL"))
                .body("user.organization.address.country", equalTo("US"))
                .body("user.organization.address.postalCode", equalTo("32920"))
                .body("user.organization.resellerId", equalTo(organizationReseller.get("id").asText()))
                .body("user.organization.reseller.id", equalTo(organizationReseller.get("id").asText()))
                .body("user.organization.reseller.createdAt", matchesPattern(WHOLE_SECONDS))
                .body("user.organization.reseller.updatedAt", matchesPattern(WHOLE_SECONDS))
                .body("user.organization.reseller.name", equalTo("Northwind Partners"))
                .body("user.organization.reseller.email", equalTo("partners@northwind.test"))
                .body("user.organization.reseller.description", equalTo("Regional reseller"))
                .body("user.organization.reseller.allowedUsers", equalTo(120))
                .body("user.organization.reseller.allowedOrganizations", equalTo(12))
                // the user's own reseller, another one
                .body("user.resellerId", equalTo(userReseller.get("id").asText()))
                .body("user.reseller.id", equalTo(userReseller.get("id").asText()))
                .body("user.reseller.createdAt", matchesPattern(WHOLE_SECONDS))
                .body("user.reseller.updatedAt", matchesPattern(WHOLE_SECONDS))
                .body("user.reseller.name", equalTo("Southwind Direct"))
                .body("user.reseller.email", equalTo("direct@southwind.test"))
                .body("user.reseller.description", equalTo("Direct sales"))
                .body("user.reseller.allowedUsers", equalTo(30))
                .body("user.reseller.allowedOrganizations", equalTo(3))
                // the metadata, in the order given
                .body("user.metadata.id", contains(matchesPattern(UUID_TEXT), matchesPattern(UUID_TEXT)))
                .body("user.metadata.createdAt", contains(matchesPattern(WHOLE_SECONDS), matchesPattern(WHOLE_SECONDS)))
                .body("user.metadata.updatedAt", contains(matchesPattern(WHOLE_SECONDS), matchesPattern(WHOLE_SECONDS)))
                .body("user.metadata[0].key", equalTo("plan"))
                .body("user.metadata[0].value", equalTo("gold"))
                .body("user.metadata[0].viewPermissions", contains("activation", "user"))
                .body("user.metadata[0].visible", equalTo(true))
                .body("user.metadata[1].key", equalTo("region"))
                .body("user.metadata[1].value", equalTo("eu-west"))
                .body("user.metadata[1].viewPermissions", contains("organization", "reseller"))
                .body("user.metadata[1].visible", equalTo(false));

        JsonNode token = body(response);
        SeedContract.assertTokenShape(token);
        // The token embeds exactly what the directory endpoints answered when each object was created.
        assertEquals(user, token.get("user"));
        assertEquals(organization, token.get("user").get("organization"));
        assertEquals(organizationReseller, token.get("user").get("organization").get("reseller"));
        assertEquals(userReseller, token.get("user").get("reseller"));
        // And what they answer now.
        assertEquals(body(get(admin, USERS + "/" + userId)), token.get("user"));
    }

    @Test
    void theTokenShowsTheUsersNewOrganizationRightAfterThePatch() {
        UUID accountId = UUID.randomUUID();
        String admin = adminOf(accountId);
        String resellerId = create(admin, RESELLERS, reseller("North Star"));
        String firstOrganization = create(admin, ORGANIZATIONS, organization("First Org", null));
        String secondOrganization = create(admin, ORGANIZATIONS, organization("Second Org", resellerId));
        String userId = create(admin, USERS, user(uniqueEmail("mover"), firstOrganization, null));
        UUID tokenId = fixtures.token(accountId, UUID.fromString(userId), "mover's token", null, null, false,
                "personalAccessToken:read");
        String tokenPath = TOKENS + "/" + tokenId;

        get(admin, tokenPath).then()
                .statusCode(200)
                .body("user.organizationId", equalTo(firstOrganization))
                .body("user.organization.name", equalTo("First Org"));

        Response moved = patch(admin, USERS + "/" + userId, object("organizationId", secondOrganization));
        moved.then().statusCode(200).body("organizationId", equalTo(secondOrganization));

        Response token = get(admin, tokenPath);
        token.then()
                .statusCode(200)
                .body("user.organizationId", equalTo(secondOrganization))
                .body("user.organization.id", equalTo(secondOrganization))
                .body("user.organization.name", equalTo("Second Org"))
                .body("user.organization.resellerId", equalTo(resellerId))
                .body("user.organization.reseller.name", equalTo("North Star"));
        assertEquals(body(moved), body(token).get("user"));
        // The owner reads the same.
        get(Jwts.user(accountId, UUID.fromString(userId)), tokenPath).then()
                .statusCode(200)
                .body("user.organization.name", equalTo("Second Org"));
        assertUserShape(body(token).get("user"));
    }
}
