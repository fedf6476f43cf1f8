package dev.pat.directory;

import static dev.pat.support.DirectoryApi.ORGANIZATIONS;
import static dev.pat.support.DirectoryApi.RESELLERS;
import static dev.pat.support.DirectoryApi.T0;
import static dev.pat.support.DirectoryApi.T0_SQL;
import static dev.pat.support.DirectoryApi.USERS;
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

/** /v3/resellers over HTTP: validation, If-Match, the delete rule and the list query (the round trip: {@link DirectoryCrudWalkTest}). */
@QuarkusTest
class ResellerResourceTest {

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
    void onlyNameIsRequired() {
        Response created = post(admin, RESELLERS, object("name", "Bare"));
        created.then()
                .statusCode(201)
                .body("name", equalTo("Bare"))
                .body("email", nullValue())
                .body("description", nullValue())
                .body("allowedUsers", nullValue())
                .body("allowedOrganizations", nullValue());
        JsonNode body = body(created);
        SeedContract.assertKeys(SeedContract.RESELLER_KEYS, body, "reseller");
        SeedContract.assertPresentNull(body, "email", "reseller");
    }

    @Test
    void patchToNullClearsAnOptionalField() {
        String id = create(admin, RESELLERS, reseller("Clearable"));
        patch(admin, RESELLERS + "/" + id, object("email", null, "allowedUsers", null)).then()
                .statusCode(200)
                .body("email", nullValue())
                .body("allowedUsers", nullValue())
                .body("name", equalTo("Clearable"))
                .body("allowedOrganizations", equalTo(5));
        assertNull(fixtures.single("select email from reseller where id = ?", UUID.fromString(id)));
    }

    // ---------------------------------------------------------------- validation

    @Test
    void missingOrBlankNameIsRefused() {
        assertInvalid(post(admin, RESELLERS, without(reseller("Nameless"), "name")), "name");
        assertInvalid(post(admin, RESELLERS, with(reseller("Blank"), "name", "   ")), "name");
        assertInvalid(post(admin, RESELLERS, with(reseller("Null"), "name", null)), "name");
        assertNothingCreated();
    }

    @Test
    void nameIsAtMost200Characters() {
        assertInvalid(post(admin, RESELLERS, object("name", "x".repeat(201))), "name");
        assertNothingCreated();
        post(admin, RESELLERS, object("name", "x".repeat(200))).then().statusCode(201);
    }

    @Test
    void malformedEmailIsRefused() {
        assertInvalid(post(admin, RESELLERS, with(reseller("Mailer"), "email", "not-an-email")), "email");
        assertNothingCreated();
    }

    @Test
    void negativeAllowancesAreRefused() {
        assertInvalid(post(admin, RESELLERS, with(reseller("Negative"), "allowedUsers", -1, "allowedOrganizations", -1)),
                "allowedUsers", "allowedOrganizations");
        assertNothingCreated();
        post(admin, RESELLERS, with(reseller("Zero"), "allowedUsers", 0, "allowedOrganizations", 0)).then()
                .statusCode(201)
                .body("allowedUsers", equalTo(0));
    }

    @Test
    void valueOfTheWrongTypeIsRefused() {
        assertInvalid(post(admin, RESELLERS, "{\"name\": \"Typed\", \"allowedUsers\": \"many\"}"), "allowedUsers");
        assertNothingCreated();
    }

    @ParameterizedTest
    @ValueSource(strings = {"colour", "password"})
    void anUnknownFieldIsRefusedOnCreate(String field) {
        Response refused = post(admin, RESELLERS, with(reseller("Sneaky"), field, "x"));
        assertEquals(400, refused.statusCode(), refused::asString);
        assertNothingCreated();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "createdAt", "updatedAt"})
    void readOnlyFieldIsIgnoredOnCreate(String field) {
        // Sent back as read (issue 19): accepted, never applied.
        Object value = field.endsWith("At") ? T0 : UUID.randomUUID().toString();
        Response created = post(admin, RESELLERS, with(reseller("Sneaky"), field, value));
        assertEquals(201, created.statusCode(), created::asString);
        JsonNode shown = body(created).get(field);
        assertNotEquals(tree(value), shown, () -> field + " was applied: " + created.asString());
        assertTrue(shown.isTextual(), () -> field + " shows as text: " + created.asString());
    }

    @Test
    void invalidPatchesAreRefusedAndChangeNothing() {
        Response created = post(admin, RESELLERS, reseller("Steady"));
        String id = created.path("id");
        String path = RESELLERS + "/" + id;

        assertInvalid(patch(admin, path, object("name", "")), "name");
        assertInvalid(patch(admin, path, object("name", null)), "name");
        assertInvalid(patch(admin, path, object("name", "y".repeat(201))), "name");
        assertInvalid(patch(admin, path, object("email", "nope")), "email");
        assertInvalid(patch(admin, path, object("allowedUsers", -5)), "allowedUsers");
        assertInvalid(patch(admin, path, "{\"allowedUsers\": \"many\"}"), "allowedUsers");
        patch(admin, path, object("id", UUID.randomUUID().toString(), "createdAt", T0, "updatedAt", T0)).then().statusCode(200)
                .body("id", equalTo(id));
        assertInvalid(patch(admin, path, object("colour", "red")), "colour");

        Response after = get(admin, path);
        after.then().statusCode(200).header("ETag", equalTo(created.header("ETag")));
        assertEquals(body(created), body(after));
    }

    // ---------------------------------------------------------------- If-Match

    @Test
    void staleIfMatchIsRefusedAndCurrentOneAccepted() {
        Response created = post(admin, RESELLERS, reseller("Versioned"));
        String path = RESELLERS + "/" + created.path("id");
        String v0 = created.header("ETag");

        Response first = patch(admin, path, v0, object("description", "first"));
        first.then().statusCode(200).body("description", equalTo("first"));
        String v1 = first.header("ETag");
        assertNotEquals(v0, v1);

        ErrorBodies.assertError(patch(admin, path, v0, object("description", "lost update")), 412, "precondition_failed");
        get(admin, path).then().statusCode(200).body("description", equalTo("first")).header("ETag", equalTo(v1));

        Response second = patch(admin, path, v1, object("description", "second"));
        second.then().statusCode(200).body("description", equalTo("second"));

        ErrorBodies.assertError(delete(admin, path, v1), 412, "precondition_failed");
        get(admin, path).then().statusCode(200);
        delete(admin, path, second.header("ETag")).then().statusCode(204);
        get(admin, path).then().statusCode(404);
    }

    // ---------------------------------------------------------------- delete rule

    @Test
    void resellerWithOrganizationsIsKeptUntilTheyMove() {
        String resellerId = create(admin, RESELLERS, reseller("Busy"));
        String organizationId = create(admin, ORGANIZATIONS, organization("Client Org", resellerId));

        ErrorBodies.assertError(delete(admin, RESELLERS + "/" + resellerId), 409, "reseller_in_use");
        assertEquals(1L, fixtures.count("select count(*) from reseller where id = ?", UUID.fromString(resellerId)));

        patch(admin, ORGANIZATIONS + "/" + organizationId, object("resellerId", null)).then()
                .statusCode(200)
                .body("resellerId", nullValue())
                .body("reseller", nullValue());
        delete(admin, RESELLERS + "/" + resellerId).then().statusCode(204);
        assertEquals(0L, fixtures.count("select count(*) from reseller where id = ?", UUID.fromString(resellerId)));
        get(admin, ORGANIZATIONS + "/" + organizationId).then().statusCode(200);
    }

    @Test
    void resellerWithUsersIsKeptUntilTheyMove() {
        String resellerId = create(admin, RESELLERS, reseller("Busy"));
        String otherId = create(admin, RESELLERS, reseller("Other"));
        String userId = create(admin, USERS, user(uniqueEmail("client"), null, resellerId));

        ErrorBodies.assertError(delete(admin, RESELLERS + "/" + resellerId), 409, "reseller_in_use");
        get(admin, RESELLERS + "/" + resellerId).then().statusCode(200);

        patch(admin, USERS + "/" + userId, object("resellerId", otherId)).then()
                .statusCode(200)
                .body("resellerId", equalTo(otherId))
                .body("reseller.name", equalTo("Other"));
        delete(admin, RESELLERS + "/" + resellerId).then().statusCode(204);
        get(admin, RESELLERS + "/" + resellerId).then().statusCode(404);
    }

    // ---------------------------------------------------------------- list

    @Test
    void listFiltersSortsAndPages() {
        String alpha = create(admin, RESELLERS, reseller("Alpha Sales"));
        String bravo = create(admin, RESELLERS, reseller("Bravo Partners"));
        String charlie = create(admin, RESELLERS, reseller("Charlie Sales"));
        // An old row, so that createdAt[gt] can tell it from the rows created now.
        fixtures.update("update reseller set created_at = " + T0_SQL + " where id = ?", UUID.fromString(alpha));

        Response all = list(admin, RESELLERS, Map.of());
        all.then().statusCode(200).header("Pagination-Count", "3").body("id", containsInAnyOrder(alpha, bravo, charlie));
        for (JsonNode item : body(all)) {
            SeedContract.assertKeys(SeedContract.RESELLER_KEYS, item, "listed reseller");
        }

        list(admin, RESELLERS, Map.of("name[cn]", "SALES")).then()
                .statusCode(200)
                .header("Pagination-Count", "2")
                .body("id", containsInAnyOrder(alpha, charlie));
        list(admin, RESELLERS, Map.of("email[eq]", "bravo.partners@resellers.test")).then()
                .statusCode(200)
                .header("Pagination-Count", "1")
                .body("id", contains(bravo));
        list(admin, RESELLERS, Map.of("createdAt[gt]", "2020-01-01T00:00:00Z")).then()
                .statusCode(200)
                .header("Pagination-Count", "2")
                .body("id", containsInAnyOrder(bravo, charlie));
        list(admin, RESELLERS, Map.of("sort", "-name")).then()
                .statusCode(200)
                .body("name", contains("Charlie Sales", "Bravo Partners", "Alpha Sales"));
        list(admin, RESELLERS, Map.of("sort", "name", "limit", "2", "page", "2")).then()
                .statusCode(200)
                .header("Pagination-Count", "3")
                .header("Pagination-Page", "2")
                .header("Pagination-Limit", "2")
                .body("name", contains("Charlie Sales"));
        list(admin, RESELLERS, Map.of("name[cn]", "sales", "sort", "-name")).then()
                .statusCode(200)
                .body("id", contains(charlie, alpha));
    }

    @ParameterizedTest
    @ValueSource(strings = {"colour=blue", "sort=password", "sort=-secret", "limit=0", "limit=101", "page=0",
            "createdAt[gt]=yesterday", "createdAt=2020-01-01T00:00:00Z", "name[gt]=x", "resellerId=x"})
    void badListParameterIsRefused(String parameter) {
        String name = parameter.substring(0, parameter.indexOf('='));
        String value = parameter.substring(parameter.indexOf('=') + 1);
        assertInvalid(list(admin, RESELLERS, Map.of(name, value)), name);
    }

    private void assertNothingCreated() {
        assertEquals(0L, fixtures.count("select count(*) from reseller where account_id = ?", accountId));
        list(admin, RESELLERS, Map.of()).then().statusCode(200).header("Pagination-Count", "0");
    }
}
