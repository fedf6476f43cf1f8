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
import static dev.pat.support.DirectoryApi.patch;
import static dev.pat.support.DirectoryApi.post;
import static dev.pat.support.DirectoryApi.sample;
import static dev.pat.support.DirectoryApi.samplePatch;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.security.Scopes;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may manage the directory: administrators of the account only, and with a scoped credential
 * only when it holds the resource's scope (read for GET and lists, write for every change).
 */
@QuarkusTest
class DirectoryAccessTest {

    @ParameterizedTest
    @ValueSource(strings = {RESELLERS, ORGANIZATIONS, USERS})
    void aPlainUserIsForbiddenEverywhere(String path) {
        UUID accountId = UUID.randomUUID();
        String admin = adminOf(accountId);
        Response created = expectCreated(post(admin, path, sample(path)));
        String target = path + "/" + created.path("id");
        String user = Jwts.user(accountId, UUID.randomUUID());

        for (Map.Entry<String, Response> call : calls(user, path, target).entrySet()) {
            ErrorBodies.assertError(call.getValue(), 403, "forbidden");
        }
        assertUnchanged(admin, path, target, created);
    }

    @ParameterizedTest
    @ValueSource(strings = {RESELLERS, ORGANIZATIONS, USERS})
    void anonymousCallsAreUnauthorized(String path) {
        UUID accountId = UUID.randomUUID();
        String admin = adminOf(accountId);
        Response created = expectCreated(post(admin, path, sample(path)));
        String target = path + "/" + created.path("id");

        for (Map.Entry<String, Response> call : calls(null, path, target).entrySet()) {
            ErrorBodies.assertError(call.getValue(), 401, "unauthorized");
            String challenge = call.getValue().header("WWW-Authenticate");
            assertTrue(challenge != null && challenge.startsWith("Bearer"),
                    () -> call.getKey() + ": WWW-Authenticate should start with Bearer, was " + challenge);
        }
        assertUnchanged(admin, path, target, created);
    }

    @ParameterizedTest
    @CsvSource({"/v3/resellers, reseller", "/v3/organizations, organization", "/v3/users, user"})
    void theReadScopeReadsButChangesNothing(String path, String resource) {
        UUID accountId = UUID.randomUUID();
        String admin = adminOf(accountId);
        Response created = expectCreated(post(admin, path, sample(path)));
        String target = path + "/" + created.path("id");
        String reader = Jwts.scoped(accountId, UUID.randomUUID(), resource + ":read", "admin");

        list(reader, path, Map.of()).then().statusCode(200).header("Pagination-Count", "1");
        get(reader, target).then().statusCode(200);
        ErrorBodies.assertError(post(reader, path, sample(path)), 403, "forbidden");
        ErrorBodies.assertError(patch(reader, target, samplePatch(path)), 403, "forbidden");
        ErrorBodies.assertError(delete(reader, target), 403, "forbidden");
        assertUnchanged(admin, path, target, created);
    }

    @ParameterizedTest
    @CsvSource({"/v3/resellers, reseller", "/v3/organizations, organization", "/v3/users, user"})
    void theWriteScopeDoesEverything(String path, String resource) {
        UUID accountId = UUID.randomUUID();
        String writer = Jwts.scoped(accountId, UUID.randomUUID(), resource + ":write", "admin");

        String id = create(writer, path, sample(path));
        String target = path + "/" + id;
        list(writer, path, Map.of()).then().statusCode(200).header("Pagination-Count", "1");
        get(writer, target).then().statusCode(200);
        patch(writer, target, samplePatch(path)).then().statusCode(200);
        delete(writer, target).then().statusCode(204);
        get(adminOf(accountId), target).then().statusCode(404);
    }

    @ParameterizedTest
    @CsvSource({"/v3/resellers, reseller", "/v3/organizations, organization", "/v3/users, user"})
    void everyOtherScopeIsNotEnough(String path, String resource) {
        UUID accountId = UUID.randomUUID();
        String admin = adminOf(accountId);
        Response created = expectCreated(post(admin, path, sample(path)));
        String target = path + "/" + created.path("id");
        String others = Scopes.ALL.stream()
                .filter(scope -> !scope.startsWith(resource + ":"))
                .collect(Collectors.joining(" "));
        String credential = Jwts.scoped(accountId, UUID.randomUUID(), others, "admin");

        for (Map.Entry<String, Response> call : calls(credential, path, target).entrySet()) {
            ErrorBodies.assertError(call.getValue(), 403, "forbidden");
        }
        assertUnchanged(admin, path, target, created);
    }

    @ParameterizedTest
    @CsvSource({"/v3/resellers, reseller", "/v3/organizations, organization", "/v3/users, user"})
    void theScopeDoesNotMakeAPlainUserAnAdministrator(String path, String resource) {
        UUID accountId = UUID.randomUUID();
        String user = Jwts.scoped(accountId, UUID.randomUUID(), resource + ":read " + resource + ":write", "user");
        ErrorBodies.assertError(list(user, path, Map.of()), 403, "forbidden");
        ErrorBodies.assertError(post(user, path, sample(path)), 403, "forbidden");
    }

    /** One call of each operation, keyed by a name for failure messages. */
    private static Map<String, Response> calls(String jwt, String path, String target) {
        Map<String, Response> calls = new LinkedHashMap<>();
        calls.put("POST " + path, post(jwt, path, sample(path)));
        calls.put("GET " + path, list(jwt, path, Map.of()));
        calls.put("GET " + target, get(jwt, target));
        calls.put("PATCH " + target, patch(jwt, target, samplePatch(path)));
        calls.put("DELETE " + target, delete(jwt, target));
        return calls;
    }

    /** The refused calls created, changed and deleted nothing. */
    private static void assertUnchanged(String admin, String path, String target, Response created) {
        Response now = get(admin, target);
        now.then().statusCode(200).header("ETag", equalTo(created.header("ETag")));
        assertEquals(body(created), body(now));
        list(admin, path, Map.of()).then().statusCode(200).header("Pagination-Count", "1");
    }
}
