package dev.pat.directory;

import static dev.pat.support.DirectoryApi.ORGANIZATIONS;
import static dev.pat.support.DirectoryApi.RESELLERS;
import static dev.pat.support.DirectoryApi.T0;
import static dev.pat.support.DirectoryApi.T0_SQL;
import static dev.pat.support.DirectoryApi.TOKENS;
import static dev.pat.support.DirectoryApi.USERS;
import static dev.pat.support.DirectoryApi.adminOf;
import static dev.pat.support.DirectoryApi.assertInvalid;
import static dev.pat.support.DirectoryApi.assertUserShape;
import static dev.pat.support.DirectoryApi.body;
import static dev.pat.support.DirectoryApi.create;
import static dev.pat.support.DirectoryApi.delete;
import static dev.pat.support.DirectoryApi.get;
import static dev.pat.support.DirectoryApi.list;
import static dev.pat.support.DirectoryApi.metadata;
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
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.SeedContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /v3/users over HTTP: validation, the per-account email uniqueness (also under concurrent
 * creates), references, deletion with the user's tokens, If-Match and the list query (the round
 * trip with the embedded organization, resellers and metadata: {@link DirectoryCrudWalkTest}).
 */
@QuarkusTest
class UserResourceTest {

    private static final Instant FAR_FUTURE = Instant.parse("2030-01-01T00:00:00Z");

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
    void emailAndRoleAreAllAUserNeeds() {
        String email = uniqueEmail("bare");
        Response created = post(admin, USERS, object("email", email, "role", "user"));
        created.then()
                .statusCode(201)
                .body("email", equalTo(email))
                .body("role", equalTo("user"))
                .body("roles", contains("user"))
                .body("name", nullValue())
                .body("tags", empty())
                .body("metadata", empty())
                .body("emailPreference.metrics", equalTo(true))
                .body("allowCustomerPortalAccess", equalTo(false));
        JsonNode body = body(created);
        assertUserShape(body);
        for (String field : List.of("firstName", "lastName", "company", "organizationId", "organization", "resellerId", "reseller")) {
            SeedContract.assertPresentNull(body, field, "user");
        }
    }

    @Test
    void nameJoinsWhicheverNamesExist() {
        post(admin, USERS, object("email", uniqueEmail("first"), "role", "user", "firstName", "Grace")).then()
                .statusCode(201)
                .body("name", equalTo("Grace"));
        post(admin, USERS, object("email", uniqueEmail("last"), "role", "user", "lastName", "Hopper")).then()
                .statusCode(201)
                .body("name", equalTo("Hopper"));
    }

    @Test
    void changingTheRoleChangesRoles() {
        String id = create(admin, USERS, user(uniqueEmail("promoted"), null, null));
        patch(admin, USERS + "/" + id, object("role", "admin")).then()
                .statusCode(200)
                .body("role", equalTo("admin"))
                .body("roles", contains("admin"));
        assertEquals("admin", fixtures.single("select role from app_user where id = ?", UUID.fromString(id)));
    }

    @Test
    void patchMergesEmailPreferenceAndReplacesTagsAndMetadata() {
        Response created = post(admin, USERS, user(uniqueEmail("lists"), null, null));
        String id = created.path("id");
        String regionId = created.path("metadata[1].id");

        Response patched = patch(admin, USERS + "/" + id, object(
                "emailPreference", object("metrics", true),
                "tags", List.of("gold"),
                "metadata", List.of(
                        metadata("region", "us", List.of("reseller"), true),
                        object("key", "tier", "value", "1"))));
        patched.then()
                .statusCode(200)
                .body("emailPreference.metrics", equalTo(true))
                .body("tags", contains("gold"))
                .body("metadata.key", contains("region", "tier"))
                .body("metadata[0].id", equalTo(regionId))
                .body("metadata[0].value", equalTo("us"))
                .body("metadata[0].viewPermissions", contains("reseller"))
                .body("metadata[0].visible", equalTo(true))
                // omitted: no view permissions, visible
                .body("metadata[1].viewPermissions", empty())
                .body("metadata[1].visible", equalTo(true))
                .body("firstName", equalTo("Ada"));
        UUID rowId = UUID.fromString(id);
        assertEquals(List.of("region", "tier"),
                fixtures.column("select meta_key from user_metadata where user_id = ? order by position", rowId));
        assertEquals(body(patched), body(get(admin, USERS + "/" + id)));

        patch(admin, USERS + "/" + id, object("metadata", List.of(), "tags", List.of())).then()
                .statusCode(200)
                .body("metadata", empty())
                .body("tags", empty());
        assertEquals(0L, fixtures.count("select count(*) from user_metadata where user_id = ?", rowId));
    }

    // ---------------------------------------------------------------- validation

    @Test
    void emailAndRoleAreRequired() {
        assertInvalid(post(admin, USERS, without(user(uniqueEmail("x"), null, null), "email")), "email");
        assertInvalid(post(admin, USERS, without(user(uniqueEmail("x"), null, null), "role")), "role");
        assertInvalid(post(admin, USERS, object("firstName", "Nobody")), "email", "role");
        assertNothingCreated();
    }

    @Test
    void malformedEmailAndRoleAreRefused() {
        assertInvalid(post(admin, USERS, user("not-an-email", null, null)), "email");
        assertInvalid(post(admin, USERS, with(user(uniqueEmail("role"), null, null), "role", "Super Admin!")), "role");
        assertNothingCreated();
    }

    @Test
    void overlongNamesAreRefused() {
        assertInvalid(post(admin, USERS, with(user(uniqueEmail("long"), null, null),
                "firstName", "f".repeat(101), "company", "c".repeat(201))), "firstName", "company");
        assertNothingCreated();
    }

    @Test
    void unknownViewPermissionIsRefusedByItsPosition() {
        assertInvalid(post(admin, USERS, with(user(uniqueEmail("perm"), null, null), "metadata",
                List.of(metadata("plan", "gold", List.of("everyone"), true)))), "metadata[0].viewPermissions[0]");
        assertInvalid(post(admin, USERS, with(user(uniqueEmail("perm"), null, null), "metadata", List.of(
                metadata("plan", "gold", List.of("user"), true),
                metadata("region", "eu", List.of("organization", "everyone"), true)))), "metadata[1].viewPermissions[1]");
        assertNothingCreated();
    }

    @Test
    void atMost20Tags() {
        List<String> tooMany = IntStream.rangeClosed(1, 21).mapToObj(i -> "tag" + i).toList();
        assertInvalid(post(admin, USERS, with(user(uniqueEmail("tags"), null, null), "tags", tooMany)), "tags");
        assertInvalid(post(admin, USERS, with(user(uniqueEmail("tags"), null, null), "tags", List.of("ok", " "))), "tags[1]");
        assertNothingCreated();
        post(admin, USERS, with(user(uniqueEmail("tags"), null, null), "tags", tooMany.subList(0, 20))).then()
                .statusCode(201)
                .body("tags.size()", equalTo(20));
    }

    @Test
    void metadataKeysAreRequiredAndDistinct() {
        assertInvalid(post(admin, USERS, with(user(uniqueEmail("meta"), null, null), "metadata", List.of(
                metadata("plan", "gold", List.of(), true),
                metadata("plan", "silver", List.of(), true)))), "metadata[1].key");
        assertInvalid(post(admin, USERS, with(user(uniqueEmail("meta"), null, null), "metadata", List.of(
                metadata(null, "keyless", List.of(), true)))), "metadata[0].key");
        assertNothingCreated();
    }

    @Test
    void valuesOfTheWrongTypeAreRefused() {
        String email = uniqueEmail("typed");
        assertInvalid(post(admin, USERS, "{\"email\": \"" + email + "\", \"role\": \"user\", \"tags\": \"vip\"}"), "tags");
        assertInvalid(post(admin, USERS, "{\"email\": \"" + email + "\", \"role\": \"user\","
                + " \"allowCustomerPortalAccess\": \"sometimes\"}"), "allowCustomerPortalAccess");
        assertInvalid(post(admin, USERS, "{\"email\": \"" + email + "\", \"role\": \"user\","
                + " \"emailPreference\": {\"metrics\": true, \"weekly\": true}}"), "emailPreference.weekly");
        assertNothingCreated();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "createdAt", "updatedAt", "name", "roles", "twoFactorEnabled", "googleSsoEnabled",
            "lastLoginAt", "lastSeenAt", "organization", "reseller"})
    void readOnlyFieldIsIgnoredOnCreate(String field) {
        // A client may send back what it read (issue 19): the read-only field is accepted, never applied.
        Response created = post(admin, USERS, with(user(uniqueEmail("sneaky"), null, null), field, readOnlyValue(field)));
        assertEquals(201, created.statusCode(), created::asString);
        // Compared as JSON trees: an embedded object sent is an object, and so is one shown.
        JsonNode shown = body(created).get(field);
        JsonNode unapplied = UNAPPLIED.get(field);
        if (unapplied != null) {
            // What a user created without the field shows (the name is made of first and last name, as sent).
            assertEquals(unapplied, shown, () -> field + " was applied: " + created.asString());
        } else {
            // An id or a time the service chose: anything but what was sent.
            assertNotEquals(tree(readOnlyValue(field)), shown, () -> field + " was applied: " + created.asString());
            assertTrue(shown.isTextual(), () -> field + " shows as text: " + created.asString());
        }
        assertEquals(false, created.jsonPath().getBoolean("twoFactorEnabled"));
        assertEquals(List.of("user"), created.jsonPath().getList("roles"));
    }

    @Test
    void readOnlyFieldsAreIgnoredAndInvalidOnesRefusedOnPatchAndChangeNothing() {
        Response created = post(admin, USERS, user(uniqueEmail("steady"), null, null));
        String path = USERS + "/" + created.path("id");
        List<String> readOnly = List.of("id", "createdAt", "updatedAt", "name", "roles", "twoFactorEnabled",
                "googleSsoEnabled", "lastLoginAt", "lastSeenAt", "organization", "reseller");
        Map<String, Object> readOnlyPatch = object();
        readOnly.forEach(field -> readOnlyPatch.put(field, readOnlyValue(field)));

        patch(admin, path, readOnlyPatch).then().statusCode(200);
        patch(admin, path, object("twoFactorEnabled", true)).then().statusCode(200).body("twoFactorEnabled", equalTo(false));
        assertInvalid(patch(admin, path, object("favouriteColour", "green")), "favouriteColour");
        assertInvalid(patch(admin, path, object("email", "nope")), "email");
        assertInvalid(patch(admin, path, object("email", null)), "email");
        assertInvalid(patch(admin, path, object("role", null)), "role");
        assertInvalid(patch(admin, path, object("tags", "vip")), "tags");
        assertInvalid(patch(admin, path, object("emailPreference", object("metrics", "often"))), "emailPreference.metrics");
        assertInvalid(patch(admin, path, object("metadata", List.of(metadata("plan", "x", List.of("everyone"), true)))),
                "metadata[0].viewPermissions[0]");
        assertInvalid(patch(admin, path, object("metadata", List.of(
                metadata("plan", "x", List.of(), true), metadata("plan", "y", List.of(), true)))), "metadata[1].key");

        Response after = get(admin, path);
        after.then().statusCode(200).header("ETag", equalTo(created.header("ETag")));
        assertEquals(body(created), body(after));
    }

    // ---------------------------------------------------------------- email uniqueness

    @Test
    void duplicateEmailInTheAccountIsAConflictWhateverItsCase() {
        String email = uniqueEmail("twin");
        create(admin, USERS, user(email, null, null));

        ErrorBodies.assertError(post(admin, USERS, user(email, null, null)), 409, "email_taken");
        ErrorBodies.assertError(post(admin, USERS, user(email.toUpperCase(Locale.ROOT), null, null)), 409, "email_taken");
        assertEquals(1L, usersWithEmail(accountId, email));
    }

    @Test
    void sameEmailInAnotherAccountIsFine() {
        String email = uniqueEmail("shared");
        create(admin, USERS, user(email, null, null));
        UUID otherAccount = UUID.randomUUID();
        post(adminOf(otherAccount), USERS, user(email, null, null)).then().statusCode(201).body("email", equalTo(email));
        assertEquals(1L, usersWithEmail(accountId, email));
        assertEquals(1L, usersWithEmail(otherAccount, email));
    }

    @Test
    void patchOntoAnotherUsersEmailIsAConflict() {
        String taken = uniqueEmail("taken");
        String ownEmail = uniqueEmail("own");
        create(admin, USERS, user(taken, null, null));
        String id = create(admin, USERS, user(ownEmail, null, null));

        ErrorBodies.assertError(patch(admin, USERS + "/" + id, object("email", taken.toUpperCase(Locale.ROOT))), 409, "email_taken");
        get(admin, USERS + "/" + id).then().statusCode(200).body("email", equalTo(ownEmail));

        // The user's own address in another case is no conflict.
        String shouted = ownEmail.toUpperCase(Locale.ROOT);
        patch(admin, USERS + "/" + id, object("email", shouted)).then().statusCode(200).body("email", equalTo(shouted));
    }

    @Test
    void concurrentCreatesOfOneEmailLetExactlyOneWin() throws Exception {
        String email = uniqueEmail("race");
        int attempts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Response> responses = new ArrayList<>();
        try {
            List<Future<Response>> pending = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                // Half of them in upper case: uniqueness ignores case.
                String variant = i % 2 == 0 ? email : email.toUpperCase(Locale.ROOT);
                pending.add(pool.submit(() -> {
                    start.await();
                    return post(admin, USERS, object("email", variant, "role", "user", "firstName", "Racer"));
                }));
            }
            start.countDown();
            for (Future<Response> response : pending) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        List<Integer> statuses = responses.stream().map(Response::statusCode).toList();
        assertEquals(1L, statuses.stream().filter(status -> status == 201).count(), () -> "statuses " + statuses);
        for (Response response : responses) {
            if (response.statusCode() != 201) {
                ErrorBodies.assertError(response, 409, "email_taken");
            }
        }
        assertEquals(1L, usersWithEmail(accountId, email));
        list(admin, USERS, Map.of()).then().statusCode(200).header("Pagination-Count", "1");
    }

    // ---------------------------------------------------------------- references

    @Test
    void organizationOrResellerOfAnotherAccountIsRefused() {
        String otherAdmin = adminOf(UUID.randomUUID());
        String foreignOrganization = create(otherAdmin, ORGANIZATIONS, organization("Foreign Org", null));
        String foreignReseller = create(otherAdmin, RESELLERS, reseller("Foreign Reseller"));

        assertInvalid(post(admin, USERS, user(uniqueEmail("borrower"), foreignOrganization, null)), "organizationId");
        assertInvalid(post(admin, USERS, user(uniqueEmail("borrower"), null, foreignReseller)), "resellerId");
        assertNothingCreated();
    }

    @Test
    void unknownOrMalformedReferencesAreRefused() {
        assertInvalid(post(admin, USERS, user(uniqueEmail("ghost"), UUID.randomUUID().toString(), null)), "organizationId");
        assertInvalid(post(admin, USERS, user(uniqueEmail("ghost"), null, UUID.randomUUID().toString())), "resellerId");
        assertInvalid(post(admin, USERS, user(uniqueEmail("ghost"), "abc", null)), "organizationId");
        assertInvalid(post(admin, USERS, user(uniqueEmail("ghost"), null, "12345")), "resellerId");
        assertNothingCreated();
    }

    @Test
    void patchToAnotherAccountsOrganizationIsRefused() {
        String own = create(admin, ORGANIZATIONS, organization("Own Org", null));
        String foreign = create(adminOf(UUID.randomUUID()), ORGANIZATIONS, organization("Foreign Org", null));
        String id = create(admin, USERS, user(uniqueEmail("loyal"), own, null));

        assertInvalid(patch(admin, USERS + "/" + id, object("organizationId", foreign)), "organizationId");
        assertInvalid(patch(admin, USERS + "/" + id, object("organizationId", "abc")), "organizationId");
        get(admin, USERS + "/" + id).then().statusCode(200).body("organizationId", equalTo(own));
    }

    // ---------------------------------------------------------------- delete

    @Test
    void deletingAUserDeletesItsTokensAndNoOneElses() {
        UUID doomed = UUID.fromString(create(admin, USERS, user(uniqueEmail("doomed"), null, null)));
        UUID survivor = UUID.fromString(create(admin, USERS, user(uniqueEmail("survivor"), null, null)));
        UUID doomedToken = fixtures.token(accountId, doomed, "first", null, FAR_FUTURE, false, "personalAccessToken:read");
        fixtures.token(accountId, doomed, "second", null, null, true);
        UUID survivorToken = fixtures.token(accountId, survivor, "kept", null, FAR_FUTURE, false);
        assertEquals(2L, tokensOf(doomed));

        delete(admin, USERS + "/" + doomed).then().statusCode(204);

        assertEquals(0L, tokensOf(doomed));
        assertEquals(0L, fixtures.count("select count(*) from app_user where id = ?", doomed));
        assertEquals(0L, fixtures.count("select count(*) from user_metadata where user_id = ?", doomed));
        assertEquals(1L, tokensOf(survivor));
        get(admin, TOKENS + "/" + doomedToken).then().statusCode(404);
        get(admin, TOKENS + "/" + survivorToken).then().statusCode(200);
        get(admin, USERS + "/" + survivor).then().statusCode(200);
    }

    @Test
    void refusedDeleteKeepsUserAndTokens() {
        Response created = post(admin, USERS, user(uniqueEmail("kept"), null, null));
        UUID id = UUID.fromString(created.path("id"));
        fixtures.token(accountId, id, "kept", null, FAR_FUTURE, false);
        Response changed = patch(admin, USERS + "/" + id, object("company", "Changed"));
        changed.then().statusCode(200);

        ErrorBodies.assertError(delete(admin, USERS + "/" + id, created.header("ETag")), 412, "precondition_failed");
        assertEquals(1L, tokensOf(id));
        get(admin, USERS + "/" + id).then().statusCode(200);

        delete(admin, USERS + "/" + id, changed.header("ETag")).then().statusCode(204);
        assertEquals(0L, tokensOf(id));
    }

    // ---------------------------------------------------------------- If-Match

    @Test
    void staleIfMatchIsRefusedAndCurrentOneAccepted() {
        Response created = post(admin, USERS, user(uniqueEmail("versioned"), null, null));
        String path = USERS + "/" + created.path("id");
        String v0 = created.header("ETag");

        Response first = patch(admin, path, v0, object("company", "First"));
        first.then().statusCode(200).body("company", equalTo("First"));
        String v1 = first.header("ETag");
        assertNotEquals(v0, v1);

        ErrorBodies.assertError(patch(admin, path, v0, object("company", "Lost Update")), 412, "precondition_failed");
        get(admin, path).then().statusCode(200).body("company", equalTo("First")).header("ETag", equalTo(v1));
        patch(admin, path, v1, object("company", "Second")).then().statusCode(200).body("company", equalTo("Second"));
    }

    // ---------------------------------------------------------------- list

    @Test
    void listFiltersSortsAndPages() {
        String resellerId = create(admin, RESELLERS, reseller("Channel"));
        String labs = create(admin, ORGANIZATIONS, organization("Labs", null));
        String works = create(admin, ORGANIZATIONS, organization("Works", null));
        String ada = create(admin, USERS, with(user("ada@users.test", labs, resellerId), "firstName", "Ada"));
        String grace = create(admin, USERS, with(user("grace@users.test", works, null), "firstName", "Grace"));
        String linus = create(admin, USERS, with(user("linus@users.test", null, resellerId), "firstName", "Linus"));
        // An old row, so that createdAt[gt] can tell it from the rows created now.
        fixtures.update("update app_user set created_at = " + T0_SQL + " where id = ?", UUID.fromString(ada));

        Response all = list(admin, USERS, Map.of());
        all.then().statusCode(200).header("Pagination-Count", "3");
        for (JsonNode item : body(all)) {
            assertUserShape(item);
        }

        list(admin, USERS, Map.of("email[eq]", "grace@users.test")).then()
                .statusCode(200)
                .header("Pagination-Count", "1")
                .body("id", contains(grace));
        list(admin, USERS, Map.of("organizationId", labs)).then()
                .statusCode(200)
                .body("id", contains(ada))
                .body("organization.name", contains("Labs"));
        list(admin, USERS, Map.of("resellerId", resellerId)).then()
                .statusCode(200)
                .body("id", containsInAnyOrder(ada, linus));
        list(admin, USERS, Map.of("firstName[cn]", "RA")).then()
                .statusCode(200)
                .body("id", contains(grace));
        list(admin, USERS, Map.of("email[sw]", "li")).then()
                .statusCode(200)
                .body("id", contains(linus));
        list(admin, USERS, Map.of("createdAt[gt]", "2020-01-01T00:00:00Z")).then()
                .statusCode(200)
                .body("id", containsInAnyOrder(grace, linus));
        list(admin, USERS, Map.of("sort", "-email")).then()
                .statusCode(200)
                .body("email", contains("linus@users.test", "grace@users.test", "ada@users.test"));
        list(admin, USERS, Map.of("sort", "firstName", "limit", "2")).then()
                .statusCode(200)
                .header("Pagination-Count", "3")
                .header("Pagination-Page", "1")
                .header("Pagination-Limit", "2")
                .body("firstName", contains("Ada", "Grace"));
        list(admin, USERS, Map.of("resellerId", resellerId, "sort", "-firstName")).then()
                .statusCode(200)
                .body("id", contains(linus, ada));
        // Metadata is a collection fetch; a page of users must still have each user once, with both entries.
        list(admin, USERS, Map.of("limit", "2", "sort", "email")).then()
                .statusCode(200)
                .body("id", contains(ada, grace))
                .body("metadata.key", contains(List.of("plan", "region"), List.of("plan", "region")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"colour=blue", "sort=password", "organizationId=abc", "resellerId=abc", "limit=-1", "page=x",
            "createdAt[gt]=yesterday", "email[gt]=a"})
    void badListParameterIsRefused(String parameter) {
        String name = parameter.substring(0, parameter.indexOf('='));
        String value = parameter.substring(parameter.indexOf('=') + 1);
        assertInvalid(list(admin, USERS, Map.of(name, value)), name);
    }

    // ---------------------------------------------------------------- helpers

    /** What a user created from {@code user(email, null, null)} shows in each read-only field whose value it knows. */
    private static final Map<String, JsonNode> UNAPPLIED = Map.of(
            "name", tree("Ada Lovelace"),
            "roles", tree(List.of("user")),
            "twoFactorEnabled", tree(false),
            "googleSsoEnabled", tree(false),
            "lastLoginAt", NullNode.getInstance(),
            "lastSeenAt", NullNode.getInstance(),
            "organization", NullNode.getInstance(),
            "reseller", NullNode.getInstance());

    /** A value of the right JSON type for each read-only field, so that only its writability is at stake. */
    private static Object readOnlyValue(String field) {
        return switch (field) {
            case "createdAt", "updatedAt", "lastLoginAt", "lastSeenAt" -> T0;
            case "roles" -> List.of("admin");
            case "twoFactorEnabled", "googleSsoEnabled" -> true;
            case "name" -> "Someone Else";
            case "organization" -> organization("Embedded Org", null);
            case "reseller" -> reseller("Embedded Reseller");
            default -> UUID.randomUUID().toString();
        };
    }

    private long usersWithEmail(UUID account, String email) {
        return fixtures.count("select count(*) from app_user where account_id = ? and lower(email) = lower(?)", account, email);
    }

    private long tokensOf(UUID userId) {
        return fixtures.count("select count(*) from personal_access_token where user_id = ?", userId);
    }

    private void assertNothingCreated() {
        assertEquals(0L, fixtures.count("select count(*) from app_user where account_id = ?", accountId));
    }
}
