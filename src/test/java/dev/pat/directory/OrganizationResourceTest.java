package dev.pat.directory;

import static dev.pat.support.DirectoryApi.ORGANIZATIONS;
import static dev.pat.support.DirectoryApi.RESELLERS;
import static dev.pat.support.DirectoryApi.T0;
import static dev.pat.support.DirectoryApi.T0_SQL;
import static dev.pat.support.DirectoryApi.USERS;
import static dev.pat.support.DirectoryApi.address;
import static dev.pat.support.DirectoryApi.adminOf;
import static dev.pat.support.DirectoryApi.assertInvalid;
import static dev.pat.support.DirectoryApi.body;
import static dev.pat.support.DirectoryApi.create;
import static dev.pat.support.DirectoryApi.delete;
import static dev.pat.support.DirectoryApi.get;
import static dev.pat.support.DirectoryApi.list;
import static dev.pat.support.DirectoryApi.object;
import static dev.pat.support.DirectoryApi.organization;
import static dev.pat.support.DirectoryApi.patch;
import static dev.pat.support.DirectoryApi.post;
import static dev.pat.support.DirectoryApi.reseller;
import static dev.pat.support.DirectoryApi.tree;
import static dev.pat.support.DirectoryApi.uniqueEmail;
import static dev.pat.support.DirectoryApi.user;
import static dev.pat.support.DirectoryApi.with;
import static dev.pat.support.DirectoryApi.without;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.SeedContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /v3/organizations over HTTP: optional address and reseller, references to resellers, the delete
 * rule, If-Match and the list query (the round trip with the address, the embedded reseller and the
 * merge-patch of the address: {@link DirectoryCrudWalkTest}).
 */
@QuarkusTest
class OrganizationResourceTest {

    @Inject
    Fixtures fixtures;

    private UUID accountId;
    private String admin;

    @BeforeEach
    void freshAccount() {
        accountId = UUID.randomUUID();
        admin = adminOf(accountId);
    }

    @Test
    void organizationWithoutResellerOrAddressShowsThemAsNull() {
        Response created = post(admin, ORGANIZATIONS, object("name", "Solo"));
        created.then().statusCode(201).body("name", equalTo("Solo"));
        JsonNode body = body(created);
        SeedContract.assertKeys(SeedContract.ORGANIZATION_KEYS, body, "organization");
        SeedContract.assertPresentNull(body, "resellerId", "organization");
        SeedContract.assertPresentNull(body, "reseller", "organization");
        SeedContract.assertPresentNull(body, "email", "organization");
        SeedContract.assertPresentNull(body, "allowedUsers", "organization");
        // The address is always the seed's object; its lines are null when not given.
        SeedContract.assertKeys(SeedContract.ADDRESS_KEYS, body.get("address"), "organization.address");
        for (String line : SeedContract.ADDRESS_KEYS) {
            SeedContract.assertPresentNull(body.get("address"), line, "organization.address");
        }
    }

    @Test
    void patchingResellerIdMovesAndDetachesTheOrganization() {
        String first = create(admin, RESELLERS, reseller("First Reseller"));
        String second = create(admin, RESELLERS, reseller("Second Reseller"));
        String id = create(admin, ORGANIZATIONS, organization("Mover", first));

        patch(admin, ORGANIZATIONS + "/" + id, object("resellerId", second)).then()
                .statusCode(200)
                .body("resellerId", equalTo(second))
                .body("reseller.id", equalTo(second))
                .body("reseller.name", equalTo("Second Reseller"));
        patch(admin, ORGANIZATIONS + "/" + id, object("resellerId", null)).then()
                .statusCode(200)
                .body("resellerId", nullValue())
                .body("reseller", nullValue())
                .body("address.city", equalTo("Springfield"));
        assertNull(fixtures.single("select reseller_id from organization where id = ?", UUID.fromString(id)));
    }

    // ---------------------------------------------------------------- validation

    @Test
    void missingOrBlankNameIsRefused() {
        assertInvalid(post(admin, ORGANIZATIONS, without(organization("Nameless", null), "name")), "name");
        assertInvalid(post(admin, ORGANIZATIONS, with(organization("Blank", null), "name", " ")), "name");
        assertInvalid(post(admin, ORGANIZATIONS, object("name", "z".repeat(201))), "name");
        assertNothingCreated();
    }

    @Test
    void malformedEmailNegativeAllowanceAndLongPostalCodeAreRefused() {
        assertInvalid(post(admin, ORGANIZATIONS, with(organization("Mailer", null), "email", "at-nowhere")), "email");
        assertInvalid(post(admin, ORGANIZATIONS, with(organization("Negative", null), "allowedUsers", -1)), "allowedUsers");
        assertInvalid(post(admin, ORGANIZATIONS, with(organization("Postal", null),
                "address", with(address(), "postalCode", "9".repeat(51)))), "address.postalCode");
        assertNothingCreated();
    }

    @Test
    void valueOfTheWrongTypeIsRefused() {
        assertInvalid(post(admin, ORGANIZATIONS, "{\"name\": \"Typed\", \"allowedUsers\": \"many\"}"), "allowedUsers");
        assertNothingCreated();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "createdAt", "updatedAt", "reseller"})
    void readOnlyFieldIsIgnoredOnCreate(String field) {
        // Sent back as read (issue 19): accepted, never applied.
        Object value = field.equals("reseller") ? reseller("Embedded") : field.endsWith("At") ? T0 : UUID.randomUUID().toString();
        Response created = post(admin, ORGANIZATIONS, with(organization("Sneaky", null), field, value));
        assertEquals(201, created.statusCode(), created::asString);
        // Compared as JSON trees: an embedded object sent is an object, and so is one shown.
        JsonNode shown = body(created).get(field);
        assertNotEquals(tree(value), shown, () -> field + " was applied: " + created.asString());
        if (field.equals("reseller")) {
            assertTrue(shown.isNull(), () -> "an organization without resellerId shows reseller null: " + created.asString());
        } else {
            assertTrue(shown.isTextual(), () -> field + " shows as text: " + created.asString());
        }
    }

    @Test
    void anUnknownFieldIsRefusedOnCreate() {
        assertInvalid(post(admin, ORGANIZATIONS, with(organization("Sneaky", null), "colour", "red")), "colour");
        assertNothingCreated();
    }

    @Test
    void unknownAddressFieldIsRefused() {
        assertInvalid(post(admin, ORGANIZATIONS, with(organization("Planet", null),
                "address", with(address(), "planet", "Mars"))), "address.planet");
        assertNothingCreated();
    }

    @Test
    void invalidPatchesAreRefusedAndChangeNothing() {
        Response created = post(admin, ORGANIZATIONS, organization("Steady", null));
        String path = ORGANIZATIONS + "/" + created.path("id");

        assertInvalid(patch(admin, path, object("name", "  ")), "name");
        assertInvalid(patch(admin, path, object("email", "nope")), "email");
        assertInvalid(patch(admin, path, object("allowedUsers", -1)), "allowedUsers");
        assertInvalid(patch(admin, path, "{\"allowedUsers\": \"many\"}"), "allowedUsers");
        assertInvalid(patch(admin, path, object("address", object("postalCode", "1".repeat(51)))), "address.postalCode");
        assertInvalid(patch(admin, path, object("address", object("planet", "Mars"))), "address.planet");
        // Read-only fields sent back are accepted and change nothing.
        patch(admin, path, object("id", UUID.randomUUID().toString(), "createdAt", T0, "reseller", reseller("Embedded")))
                .then().statusCode(200);
        assertInvalid(patch(admin, path, object("colour", "red")), "colour");

        Response after = get(admin, path);
        after.then().statusCode(200).header("ETag", equalTo(created.header("ETag")));
        assertEquals(body(created), body(after));
    }

    // ---------------------------------------------------------------- references

    @Test
    void resellerOfAnotherAccountIsRefused() {
        String foreignReseller = create(adminOf(UUID.randomUUID()), RESELLERS, reseller("Foreign"));
        assertInvalid(post(admin, ORGANIZATIONS, organization("Borrower", foreignReseller)), "resellerId");
        assertNothingCreated();
    }

    @Test
    void unknownOrMalformedResellerIdIsRefused() {
        assertInvalid(post(admin, ORGANIZATIONS, organization("Ghost", UUID.randomUUID().toString())), "resellerId");
        assertInvalid(post(admin, ORGANIZATIONS, organization("Malformed", "abc")), "resellerId");
        assertNothingCreated();
    }

    @Test
    void patchToAResellerOfAnotherAccountIsRefused() {
        String ownReseller = create(admin, RESELLERS, reseller("Own"));
        String foreignReseller = create(adminOf(UUID.randomUUID()), RESELLERS, reseller("Foreign"));
        String id = create(admin, ORGANIZATIONS, organization("Loyal", ownReseller));

        assertInvalid(patch(admin, ORGANIZATIONS + "/" + id, object("resellerId", foreignReseller)), "resellerId");
        assertInvalid(patch(admin, ORGANIZATIONS + "/" + id, object("resellerId", "not-a-uuid")), "resellerId");
        get(admin, ORGANIZATIONS + "/" + id).then().statusCode(200).body("resellerId", equalTo(ownReseller));
    }

    // ---------------------------------------------------------------- delete rule

    @Test
    void organizationWithUsersIsKeptUntilTheyMoveToAnotherOrganization() {
        String id = create(admin, ORGANIZATIONS, organization("Crowded", null));
        String otherId = create(admin, ORGANIZATIONS, organization("Roomy", null));
        String userId = create(admin, USERS, user(uniqueEmail("member"), id, null));

        ErrorBodies.assertError(delete(admin, ORGANIZATIONS + "/" + id), 409, "organization_in_use");
        assertEquals(1L, fixtures.count("select count(*) from organization where id = ?", UUID.fromString(id)));

        patch(admin, USERS + "/" + userId, object("organizationId", otherId)).then()
                .statusCode(200)
                .body("organizationId", equalTo(otherId))
                .body("organization.name", equalTo("Roomy"));
        delete(admin, ORGANIZATIONS + "/" + id).then().statusCode(204);
        assertEquals(0L, fixtures.count("select count(*) from organization where id = ?", UUID.fromString(id)));
        get(admin, USERS + "/" + userId).then().statusCode(200).body("organizationId", equalTo(otherId));
    }

    @Test
    void organizationWithUsersIsKeptUntilTheyLeave() {
        String id = create(admin, ORGANIZATIONS, organization("Crowded", null));
        String userId = create(admin, USERS, user(uniqueEmail("member"), id, null));

        ErrorBodies.assertError(delete(admin, ORGANIZATIONS + "/" + id), 409, "organization_in_use");

        patch(admin, USERS + "/" + userId, object("organizationId", null)).then()
                .statusCode(200)
                .body("organizationId", nullValue())
                .body("organization", nullValue());
        delete(admin, ORGANIZATIONS + "/" + id).then().statusCode(204);
        get(admin, ORGANIZATIONS + "/" + id).then().statusCode(404);
    }

    // ---------------------------------------------------------------- If-Match

    @Test
    void staleIfMatchIsRefusedAndCurrentOneAccepted() {
        Response created = post(admin, ORGANIZATIONS, organization("Versioned", null));
        String path = ORGANIZATIONS + "/" + created.path("id");
        String v0 = created.header("ETag");

        Response first = patch(admin, path, v0, object("name", "Versioned Two"));
        first.then().statusCode(200).body("name", equalTo("Versioned Two"));
        String v1 = first.header("ETag");
        assertNotEquals(v0, v1);

        ErrorBodies.assertError(patch(admin, path, v0, object("name", "Lost Update")), 412, "precondition_failed");
        ErrorBodies.assertError(delete(admin, path, v0), 412, "precondition_failed");
        get(admin, path).then().statusCode(200).body("name", equalTo("Versioned Two")).header("ETag", equalTo(v1));

        patch(admin, path, v1, object("name", "Versioned Three")).then().statusCode(200);
    }

    // ---------------------------------------------------------------- list

    @Test
    void listFiltersSortsAndPages() {
        String resellerId = create(admin, RESELLERS, reseller("Channel"));
        String alpha = create(admin, ORGANIZATIONS, organization("Alpha Labs", resellerId));
        String bravo = create(admin, ORGANIZATIONS, organization("Bravo Works", null));
        String charlie = create(admin, ORGANIZATIONS, organization("Charlie Labs", resellerId));
        // An old row, so that createdAt[gt] can tell it from the rows created now.
        fixtures.update("update organization set created_at = " + T0_SQL + " where id = ?", UUID.fromString(charlie));

        Response all = list(admin, ORGANIZATIONS, Map.of());
        all.then().statusCode(200).header("Pagination-Count", "3");
        for (JsonNode item : body(all)) {
            SeedContract.assertKeys(SeedContract.ORGANIZATION_KEYS, item, "listed organization");
        }

        list(admin, ORGANIZATIONS, Map.of("name[cn]", "labs")).then()
                .statusCode(200)
                .header("Pagination-Count", "2")
                .body("id", containsInAnyOrder(alpha, charlie));
        list(admin, ORGANIZATIONS, Map.of("resellerId", resellerId)).then()
                .statusCode(200)
                .body("id", containsInAnyOrder(alpha, charlie))
                .body("reseller.name", contains("Channel", "Channel"));
        list(admin, ORGANIZATIONS, Map.of("email[eq]", "contact@bravo-works.test")).then()
                .statusCode(200)
                .body("id", contains(bravo));
        list(admin, ORGANIZATIONS, Map.of("createdAt[gt]", "2020-01-01T00:00:00Z")).then()
                .statusCode(200)
                .body("id", containsInAnyOrder(alpha, bravo));
        list(admin, ORGANIZATIONS, Map.of("sort", "-name")).then()
                .statusCode(200)
                .body("name", contains("Charlie Labs", "Bravo Works", "Alpha Labs"));
        list(admin, ORGANIZATIONS, Map.of("sort", "name", "limit", "1", "page", "3")).then()
                .statusCode(200)
                .header("Pagination-Count", "3")
                .header("Pagination-Page", "3")
                .header("Pagination-Limit", "1")
                .body("name", contains("Charlie Labs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"colour=blue", "sort=city", "resellerId=abc", "resellerId[cn]=abc", "organizationId=abc",
            "limit=1000", "createdAt[gt]=2020-13-45"})
    void badListParameterIsRefused(String parameter) {
        String name = parameter.substring(0, parameter.indexOf('='));
        String value = parameter.substring(parameter.indexOf('=') + 1);
        assertInvalid(list(admin, ORGANIZATIONS, Map.of(name, value)), name);
    }

    private void assertNothingCreated() {
        assertEquals(0L, fixtures.count("select count(*) from organization where account_id = ?", accountId));
    }
}
