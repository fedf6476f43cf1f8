package dev.pat.directory;

import static dev.pat.support.DirectoryApi.ORGANIZATIONS;
import static dev.pat.support.DirectoryApi.RESELLERS;
import static dev.pat.support.DirectoryApi.USERS;
import static dev.pat.support.DirectoryApi.adminOf;
import static dev.pat.support.DirectoryApi.body;
import static dev.pat.support.DirectoryApi.create;
import static dev.pat.support.DirectoryApi.delete;
import static dev.pat.support.DirectoryApi.expectCreated;
import static dev.pat.support.DirectoryApi.get;
import static dev.pat.support.DirectoryApi.list;
import static dev.pat.support.DirectoryApi.organization;
import static dev.pat.support.DirectoryApi.patch;
import static dev.pat.support.DirectoryApi.post;
import static dev.pat.support.DirectoryApi.reseller;
import static dev.pat.support.DirectoryApi.sample;
import static dev.pat.support.DirectoryApi.samplePatch;
import static dev.pat.support.DirectoryApi.uniqueEmail;
import static dev.pat.support.DirectoryApi.user;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every directory row belongs to one account. An administrator of another account gets the same
 * 404 as for an id that does not exist, on every endpoint that takes an id, and never sees the row
 * in a list, whatever the filter.
 */
@QuarkusTest
class DirectoryIsolationTest {

    @Inject
    Fixtures fixtures;

    @ParameterizedTest
    @ValueSource(strings = {RESELLERS, ORGANIZATIONS, USERS})
    void anotherAccountsAdminCannotReachTheRow(String path) {
        UUID accountA = UUID.randomUUID();
        UUID accountB = UUID.randomUUID();
        String adminA = adminOf(accountA);
        String adminB = adminOf(accountB);
        Response createdA = expectCreated(post(adminA, path, sample(path)));
        String idA = createdA.path("id");
        String idB = create(adminB, path, sample(path));

        ErrorBodies.assertError(get(adminB, path + "/" + idA), 404, "not_found");
        ErrorBodies.assertError(patch(adminB, path + "/" + idA, samplePatch(path)), 404, "not_found");
        ErrorBodies.assertError(patch(adminB, path + "/" + idA, createdA.header("ETag"), samplePatch(path)), 404, "not_found");
        ErrorBodies.assertError(delete(adminB, path + "/" + idA), 404, "not_found");
        ErrorBodies.assertError(delete(adminB, path + "/" + idA, createdA.header("ETag")), 404, "not_found");

        list(adminB, path, Map.of("limit", "100")).then()
                .statusCode(200)
                .header("Pagination-Count", "1")
                .body("id", contains(idB));

        // A's row is untouched and still A's alone.
        Response stillThere = get(adminA, path + "/" + idA);
        stillThere.then().statusCode(200).header("ETag", equalTo(createdA.header("ETag")));
        assertEquals(body(createdA), body(stillThere));
        list(adminA, path, Map.of()).then()
                .statusCode(200)
                .header("Pagination-Count", "1")
                .body("id", contains(idA));
        assertEquals(accountA, fixtures.single("select account_id from " + table(path) + " where id = ?", UUID.fromString(idA)));
    }

    @ParameterizedTest
    @ValueSource(strings = {RESELLERS, ORGANIZATIONS, USERS})
    void absentAndForeignIdsAnswerTheSame404(String path) {
        String foreignId = create(adminOf(UUID.randomUUID()), path, sample(path));
        String admin = adminOf(UUID.randomUUID());

        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("another account's row", foreignId);
        ids.put("no such row", UUID.randomUUID().toString());
        ids.put("malformed 'abc'", "abc");
        ids.put("malformed of UUID length", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz");

        JsonNode first = null;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            String target = path + "/" + id.getValue();
            for (Response response : new Response[] {get(admin, target), patch(admin, target, samplePatch(path)), delete(admin, target)}) {
                JsonNode error = ErrorBodies.assertError(response, 404, "not_found");
                if (first == null) {
                    first = error;
                }
                assertEquals(first, error, "the 404 for " + id.getKey() + " differs");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RESELLERS, ORGANIZATIONS, USERS})
    void listsOfAFreshAccountAreEmpty(String path) {
        create(adminOf(UUID.randomUUID()), path, sample(path));
        list(adminOf(UUID.randomUUID()), path, Map.of()).then()
                .statusCode(200)
                .header("Pagination-Count", "0")
                .body("$", empty());
    }

    @Test
    void filtersOnAnotherAccountsIdsFindNothing() {
        String adminA = adminOf(UUID.randomUUID());
        String resellerA = create(adminA, RESELLERS, reseller("Reseller A"));
        String organizationA = create(adminA, ORGANIZATIONS, organization("Org A", resellerA));
        String userA = create(adminA, USERS, user(uniqueEmail("a"), organizationA, resellerA));

        String adminB = adminOf(UUID.randomUUID());
        String userB = create(adminB, USERS, user(uniqueEmail("b"), null, null));

        list(adminB, USERS, Map.of("organizationId", organizationA)).then()
                .statusCode(200)
                .header("Pagination-Count", "0");
        list(adminB, USERS, Map.of("resellerId", resellerA)).then()
                .statusCode(200)
                .header("Pagination-Count", "0");
        list(adminB, ORGANIZATIONS, Map.of("resellerId", resellerA)).then()
                .statusCode(200)
                .header("Pagination-Count", "0");
        list(adminB, USERS, Map.of()).then()
                .statusCode(200)
                .body("id", contains(userB))
                .body("id", not(hasItem(userA)));
    }

    private static String table(String path) {
        switch (path) {
            case RESELLERS:
                return "reseller";
            case ORGANIZATIONS:
                return "organization";
            case USERS:
                return "app_user";
            default:
                throw new IllegalArgumentException(path);
        }
    }
}
