package dev.pat.directory;

import static dev.pat.support.DirectoryApi.ORGANIZATIONS;
import static dev.pat.support.DirectoryApi.RESELLERS;
import static dev.pat.support.DirectoryApi.T0;
import static dev.pat.support.DirectoryApi.T0_SQL;
import static dev.pat.support.DirectoryApi.USERS;
import static dev.pat.support.DirectoryApi.UUID_TEXT;
import static dev.pat.support.DirectoryApi.WHOLE_SECONDS;
import static dev.pat.support.DirectoryApi.adminOf;
import static dev.pat.support.DirectoryApi.assertUserShape;
import static dev.pat.support.DirectoryApi.body;
import static dev.pat.support.DirectoryApi.create;
import static dev.pat.support.DirectoryApi.delete;
import static dev.pat.support.DirectoryApi.etagPattern;
import static dev.pat.support.DirectoryApi.get;
import static dev.pat.support.DirectoryApi.list;
import static dev.pat.support.DirectoryApi.object;
import static dev.pat.support.DirectoryApi.organization;
import static dev.pat.support.DirectoryApi.patch;
import static dev.pat.support.DirectoryApi.post;
import static dev.pat.support.DirectoryApi.reseller;
import static dev.pat.support.DirectoryApi.uniqueEmail;
import static dev.pat.support.DirectoryApi.user;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.SeedContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one walk every directory resource makes over HTTP: create, read, list, update (a merge patch
 * on a back-dated row), delete. The steps and their checks are the same for resellers,
 * organizations and users; what differs (the body, the rows it refers to, the fields shown, the
 * columns stored, the embedded objects, what must survive the deletion) is said by each
 * {@link Resource}.
 */
@QuarkusTest
class DirectoryCrudWalkTest {

    @Inject
    Fixtures fixtures;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Resource.class)
    void createReadListUpdateDelete(Resource resource) {
        UUID accountId = UUID.randomUUID();
        Walk walk = new Walk(fixtures, accountId, adminOf(accountId), new HashMap<>());
        String admin = walk.admin();
        String path = resource.path;

        // ---- create
        Response created = post(admin, path, resource.arrange(walk));
        ValidatableResponse createdThen = created.then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("createdAt", matchesPattern(WHOLE_SECONDS))
                .body("updatedAt", matchesPattern(WHOLE_SECONDS));
        resource.assertCreated(createdThen, walk);
        String id = created.path("id");
        UUID rowId = UUID.fromString(id);
        String createdEtag = created.header("ETag");
        created.then()
                .header("Location", endsWith(path + "/" + id))
                .header("ETag", matchesPattern(etagPattern(id)));
        JsonNode createdBody = body(created);
        resource.assertShape(createdBody);
        resource.assertEmbedded(createdBody, walk);
        resource.assertStoredOnCreate(rowId, walk);

        // ---- read
        Response read = get(admin, path + "/" + id);
        read.then().statusCode(200).header("ETag", equalTo(createdEtag));
        assertEquals(createdBody, body(read));

        // ---- list
        list(admin, path, Map.of()).then()
                .statusCode(200)
                .header("Pagination-Count", "1")
                .body("id", contains(id));

        // ---- update. Back-date the row so that the move of updatedAt shows at the API's whole-second precision.
        fixtures.update("update " + resource.table + " set created_at = " + T0_SQL + ", updated_at = " + T0_SQL + " where id = ?", rowId);
        Response patched = patch(admin, path + "/" + id, resource.patch());
        ValidatableResponse patchedThen = patched.then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("createdAt", equalTo(T0))
                .body("updatedAt", not(equalTo(T0)))
                .header("ETag", matchesPattern(etagPattern(id)))
                .header("ETag", not(equalTo(createdEtag)));
        resource.assertPatched(patchedThen, createdBody, walk);
        resource.assertStoredOnPatch(rowId, walk);
        assertEquals(Boolean.TRUE, fixtures.single("select updated_at > " + T0_SQL + " from " + resource.table + " where id = ?", rowId));
        Response reread = get(admin, path + "/" + id);
        assertEquals(body(patched), body(reread));
        assertEquals(patched.header("ETag"), reread.header("ETag"));

        // ---- delete
        delete(admin, path + "/" + id).then().statusCode(204);
        ErrorBodies.assertError(get(admin, path + "/" + id), 404, "not_found");
        assertEquals(0L, fixtures.count("select count(*) from " + resource.table + " where id = ?", rowId));
        list(admin, path, Map.of()).then().statusCode(200).header("Pagination-Count", "0");
        resource.assertAfterDelete(rowId, walk);
    }

    /** One walk's account, its administrator, and the ids of the rows the walked row refers to. */
    record Walk(Fixtures fixtures, UUID accountId, String admin, Map<String, String> refs) {
        String ref(String name) {
            return refs.get(name);
        }
    }

    /** What differs per resource; the walk above is the same for each. */
    enum Resource {

        RESELLER(RESELLERS, "reseller") {
            @Override
            Map<String, Object> arrange(Walk walk) {
                return reseller("North Star");
            }

            @Override
            void assertCreated(ValidatableResponse created, Walk walk) {
                created.body("name", equalTo("North Star"))
                        .body("email", equalTo("north.star@resellers.test"))
                        .body("description", equalTo("Reseller North Star"))
                        .body("allowedUsers", equalTo(50))
                        .body("allowedOrganizations", equalTo(5));
            }

            @Override
            void assertShape(JsonNode body) {
                SeedContract.assertKeys(SeedContract.RESELLER_KEYS, body, "reseller");
            }

            @Override
            void assertStoredOnCreate(UUID rowId, Walk walk) {
                assertEquals(1L, walk.fixtures().count("select count(*) from reseller where id = ? and account_id = ?", rowId,
                        walk.accountId()));
            }

            @Override
            Map<String, Object> patch() {
                return object("name", "North Star Group", "allowedUsers", 75);
            }

            @Override
            void assertPatched(ValidatableResponse patched, JsonNode createdBody, Walk walk) {
                patched.body("name", equalTo("North Star Group"))
                        .body("allowedUsers", equalTo(75))
                        // absent from the patch, so unchanged
                        .body("email", equalTo("north.star@resellers.test"))
                        .body("description", equalTo("Reseller North Star"))
                        .body("allowedOrganizations", equalTo(5));
            }

            @Override
            void assertStoredOnPatch(UUID rowId, Walk walk) {
                assertEquals("North Star Group", walk.fixtures().single("select name from reseller where id = ?", rowId));
                assertEquals(75, walk.fixtures().single("select allowed_users from reseller where id = ?", rowId));
            }
        },

        ORGANIZATION(ORGANIZATIONS, "organization") {
            @Override
            Map<String, Object> arrange(Walk walk) {
                walk.refs().put("reseller", create(walk.admin(), RESELLERS, reseller("North Star")));
                return organization("Acme Corp", walk.ref("reseller"));
            }

            @Override
            void assertCreated(ValidatableResponse created, Walk walk) {
                created.body("name", equalTo("Acme Corp"))
                        .body("email", equalTo("contact@acme-corp.test"))
                        .body("description", equalTo("Organization Acme Corp"))
                        .body("allowedUsers", equalTo(25))
                        .body("address.addressLine1", equalTo("1 Main Street"))
                        .body("address.addressLine2", equalTo("Suite 2"))
                        .body("address.city", equalTo("Springfield"))
                        .body("address.state", equalTo("IL"))
                        .body("address.country", equalTo("US"))
                        .body("address.postalCode", equalTo("62701"))
                        .body("resellerId", equalTo(walk.ref("reseller")))
                        .body("reseller.id", equalTo(walk.ref("reseller")))
                        .body("reseller.name", equalTo("North Star"));
            }

            @Override
            void assertShape(JsonNode body) {
                SeedContract.assertKeys(SeedContract.ORGANIZATION_KEYS, body, "organization");
                SeedContract.assertKeys(SeedContract.ADDRESS_KEYS, body.get("address"), "organization.address");
            }

            @Override
            void assertEmbedded(JsonNode body, Walk walk) {
                // The embedded reseller is the reseller exactly as its own endpoint shows it.
                assertEquals(body(get(walk.admin(), RESELLERS + "/" + walk.ref("reseller"))), body.get("reseller"));
            }

            @Override
            void assertStoredOnCreate(UUID rowId, Walk walk) {
                assertEquals("Springfield", walk.fixtures().single("select city from organization where id = ? and account_id = ?",
                        rowId, walk.accountId()));
                assertEquals(UUID.fromString(walk.ref("reseller")),
                        walk.fixtures().single("select reseller_id from organization where id = ?", rowId));
            }

            @Override
            Map<String, Object> patch() {
                return object("description", "Rockets and more", "address", object("city", "Shelbyville"));
            }

            @Override
            void assertPatched(ValidatableResponse patched, JsonNode createdBody, Walk walk) {
                patched.body("description", equalTo("Rockets and more"))
                        // a nested object merges: only the city changes
                        .body("address.city", equalTo("Shelbyville"))
                        .body("address.addressLine1", equalTo("1 Main Street"))
                        .body("address.addressLine2", equalTo("Suite 2"))
                        .body("address.state", equalTo("IL"))
                        .body("address.country", equalTo("US"))
                        .body("address.postalCode", equalTo("62701"))
                        .body("name", equalTo("Acme Corp"))
                        .body("email", equalTo("contact@acme-corp.test"))
                        .body("allowedUsers", equalTo(25))
                        .body("resellerId", equalTo(walk.ref("reseller")))
                        .body("reseller.name", equalTo("North Star"));
            }

            @Override
            void assertStoredOnPatch(UUID rowId, Walk walk) {
                assertEquals("Shelbyville", walk.fixtures().single("select city from organization where id = ?", rowId));
                assertEquals("1 Main Street", walk.fixtures().single("select address_line1 from organization where id = ?", rowId));
                assertEquals("Rockets and more", walk.fixtures().single("select description from organization where id = ?", rowId));
            }

            @Override
            void assertAfterDelete(UUID rowId, Walk walk) {
                // The reseller is not touched by its organization's deletion.
                get(walk.admin(), RESELLERS + "/" + walk.ref("reseller")).then().statusCode(200);
            }
        },

        USER(USERS, "app_user") {
            @Override
            Map<String, Object> arrange(Walk walk) {
                walk.refs().put("organizationReseller", create(walk.admin(), RESELLERS, reseller("North Star")));
                walk.refs().put("ownReseller", create(walk.admin(), RESELLERS, reseller("South Cross")));
                walk.refs().put("organization", create(walk.admin(), ORGANIZATIONS,
                        organization("Acme Corp", walk.ref("organizationReseller"))));
                walk.refs().put("email", uniqueEmail("ada"));
                return user(walk.ref("email"), walk.ref("organization"), walk.ref("ownReseller"));
            }

            @Override
            void assertCreated(ValidatableResponse created, Walk walk) {
                created.body("name", equalTo("Ada Lovelace"))
                        .body("firstName", equalTo("Ada"))
                        .body("lastName", equalTo("Lovelace"))
                        .body("email", equalTo(walk.ref("email")))
                        .body("role", equalTo("user"))
                        .body("roles", contains("user"))
                        .body("company", equalTo("Analytical Engines"))
                        .body("allowCustomerPortalAccess", equalTo(true))
                        // a user created just now has not signed in and has set up nothing
                        .body("twoFactorEnabled", equalTo(false))
                        .body("googleSsoEnabled", equalTo(false))
                        .body("lastLoginAt", nullValue())
                        .body("lastSeenAt", nullValue())
                        .body("organizationId", equalTo(walk.ref("organization")))
                        .body("organization.id", equalTo(walk.ref("organization")))
                        .body("organization.name", equalTo("Acme Corp"))
                        .body("organization.address.city", equalTo("Springfield"))
                        .body("organization.resellerId", equalTo(walk.ref("organizationReseller")))
                        .body("organization.reseller.name", equalTo("North Star"))
                        .body("resellerId", equalTo(walk.ref("ownReseller")))
                        .body("reseller.id", equalTo(walk.ref("ownReseller")))
                        .body("reseller.name", equalTo("South Cross"))
                        .body("tags", contains("vip", "beta"))
                        .body("emailPreference.metrics", equalTo(false))
                        .body("metadata.key", contains("plan", "region"))
                        .body("metadata.value", contains("gold", "eu"))
                        .body("metadata[0].viewPermissions", contains("activation", "user"))
                        .body("metadata[0].visible", equalTo(true))
                        .body("metadata[1].viewPermissions", contains("organization"))
                        .body("metadata[1].visible", equalTo(false))
                        .body("metadata.id", everyItem(matchesPattern(UUID_TEXT)))
                        .body("metadata.createdAt", everyItem(matchesPattern(WHOLE_SECONDS)));
            }

            @Override
            void assertShape(JsonNode body) {
                assertUserShape(body);
            }

            @Override
            void assertEmbedded(JsonNode body, Walk walk) {
                // Embedded objects are exactly what their own endpoints show.
                assertEquals(body(get(walk.admin(), ORGANIZATIONS + "/" + walk.ref("organization"))), body.get("organization"));
                assertEquals(body(get(walk.admin(), RESELLERS + "/" + walk.ref("ownReseller"))), body.get("reseller"));
            }

            @Override
            void assertStoredOnCreate(UUID rowId, Walk walk) {
                assertEquals(walk.ref("email"), walk.fixtures().single("select email from app_user where id = ? and account_id = ?",
                        rowId, walk.accountId()));
                assertEquals(2L, walk.fixtures().count("select count(*) from user_metadata where user_id = ?", rowId));
            }

            @Override
            Map<String, Object> patch() {
                return object("lastName", "King", "company", "Difference Engines");
            }

            @Override
            void assertPatched(ValidatableResponse patched, JsonNode createdBody, Walk walk) {
                patched.body("lastName", equalTo("King"))
                        .body("name", equalTo("Ada King"))
                        .body("company", equalTo("Difference Engines"))
                        .body("email", equalTo(walk.ref("email")))
                        .body("tags", contains("vip", "beta"))
                        .body("emailPreference.metrics", equalTo(false))
                        .body("organizationId", equalTo(walk.ref("organization")))
                        .body("resellerId", equalTo(walk.ref("ownReseller")));
                // Metadata absent from the patch is unchanged, entry ids and times included.
                assertEquals(createdBody.get("metadata"), body(patched.extract().response()).get("metadata"));
            }

            @Override
            void assertStoredOnPatch(UUID rowId, Walk walk) {
                assertEquals("King", walk.fixtures().single("select last_name from app_user where id = ?", rowId));
            }

            @Override
            void assertAfterDelete(UUID rowId, Walk walk) {
                assertEquals(0L, walk.fixtures().count("select count(*) from user_metadata where user_id = ?", rowId));
                // Its organization and resellers stay.
                get(walk.admin(), ORGANIZATIONS + "/" + walk.ref("organization")).then().statusCode(200);
                get(walk.admin(), RESELLERS + "/" + walk.ref("ownReseller")).then().statusCode(200);
            }
        };

        final String path;
        final String table;

        Resource(String path, String table) {
            this.path = path;
            this.table = table;
        }

        /** Creates the rows the new one refers to (kept in the walk's refs) and answers the create body. */
        abstract Map<String, Object> arrange(Walk walk);

        /** The fields of the create answer, beyond its timestamps. */
        abstract void assertCreated(ValidatableResponse created, Walk walk);

        /** Exactly the seed's fields, at every level. */
        abstract void assertShape(JsonNode body);

        /** Embedded objects are what their own endpoints show. */
        void assertEmbedded(JsonNode body, Walk walk) {
        }

        /** The row as stored, in the walk's account. */
        abstract void assertStoredOnCreate(UUID rowId, Walk walk);

        /** A merge patch of a few fields. */
        abstract Map<String, Object> patch();

        /** The patched fields changed, the others did not. */
        abstract void assertPatched(ValidatableResponse patched, JsonNode createdBody, Walk walk);

        /** The patched columns as stored. */
        abstract void assertStoredOnPatch(UUID rowId, Walk walk);

        /** What the deletion leaves and takes besides the row itself. */
        void assertAfterDelete(UUID rowId, Walk walk) {
        }
    }
}
