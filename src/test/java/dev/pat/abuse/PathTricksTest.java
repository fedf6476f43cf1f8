package dev.pat.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.abuse.RawHttp.Answer;
import dev.pat.abuse.RawHttp.Request;
import dev.pat.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spellings of a token's path that a proxy, a router or a security rule might read differently
 * from the resource matcher: doubled slashes, dot segments (plain and encoded), matrix
 * parameters, encoded slashes, trailing dots and slashes, other cases, escapes of unreserved
 * characters, detours through /q/. Whatever the server makes of them, none gets past
 * authentication or authorization. Each refusal has its control: the refusing caller's credential
 * is good where it may go, and the token's own user does every refused thing on the plain path.
 *
 * <p>The requests go out byte for byte as written ({@link RawHttp}); rest-assured would merge the
 * double slashes before sending, even with URL encoding off.
 */
@QuarkusTest
class PathTricksTest {

    /** {id} is the target token's id; {ID} the same in upper case; {ENC} every character of it percent-encoded. */
    static final List<String> TRICKS = List.of(
            "//v3/personal-access-tokens/{id}",
            "///v3/personal-access-tokens/{id}",
            "/v3//personal-access-tokens/{id}",
            "/v3/personal-access-tokens//{id}",
            "/v3/personal-access-tokens/{id};matrix=x",
            "/v3/personal-access-tokens/{id};jsessionid=x",
            "/v3/personal-access-tokens;x=y/{id}",
            "/v3;x=y/personal-access-tokens/{id}",
            "/v3/personal-access-tokens/%2e%2e/{id}",
            "/v3/personal-access-tokens/%2e%2e/personal-access-tokens/{id}",
            "/v3/personal-access-tokens/x/%2e%2e/{id}",
            "/v3/personal-access-tokens/x/../{id}",
            "/v3/personal-access-tokens/self/../{id}",
            "/v3/users/../personal-access-tokens/{id}",
            "/v3/personal-access-tokens/x/..%2F{id}",
            "/v3%2Fpersonal-access-tokens/{id}",
            "/v3%2fpersonal-access-tokens%2f{id}",
            "/v3/personal-access-tokens%2F{id}",
            "/v3/personal-access-tokens/{id}.",
            "/v3/personal-access-tokens/{id}..",
            "/v3/personal-access-tokens/{id}%2e",
            "/V3/PERSONAL-ACCESS-TOKENS/{id}",
            "/V3/personal-access-tokens/{id}",
            "/v3/Personal-Access-Tokens/{id}",
            "/v3/personal-access-tokens/{ID}",
            "/v3/personal-access-tokens/{id}/",
            "/v3/personal-access-tokens/{id}//",
            "/./v3/personal-access-tokens/{id}",
            "/v3/./personal-access-tokens/{id}",
            "/v3/personal-access-tokens/./{id}",
            "/v3/personal-access-tokens/{id}/.",
            "/v3/personal-access-tokens/{id}/..",
            "/v3/personal-access-tokens/{id}%20",
            "/v3/personal-access-tokens/%20{id}",
            "/v3/personal-access-tokens/{id}%00",
            "/v3/personal-access-tokens/{id}%0a",
            "/v3/personal-access-tokens/{id}%2F",
            "/v3/personal-access-tokens/{id}%5C",
            "/v3/personal-access-tokens/%7B{id}%7D",
            "/v3/personal-access-tokens/{id}%3Bx=y",
            "/%76%33/personal-access-tokens/{id}",
            "/v3/personal%2Daccess%2Dtokens/{id}",
            "/v3/personal-access-tokens/{ENC}",
            "/q/../v3/personal-access-tokens/{id}",
            "/q/health/../../v3/personal-access-tokens/{id}",
            "/q/%2e%2e/v3/personal-access-tokens/{id}",
            "/q/openapi/..%2F..%2Fv3/personal-access-tokens/{id}",
            "/v3/personal-access-tokens/{id}?access_token=x",
            "/v3/personal-access-tokens/{id}#fragment");

    /** Spellings of the rotation of a token, which issues a new secret. */
    static final List<String> ROTATE_TRICKS = List.of(
            "/v3/personal-access-tokens/{id}/rotate",
            "//v3/personal-access-tokens/{id}/rotate",
            "/v3/personal-access-tokens/{id};x=y/rotate",
            "/v3/personal-access-tokens/{id}/rotate;x=y",
            "/v3/personal-access-tokens/{id}/rotate/",
            "/v3/personal-access-tokens/{id}/ROTATE",
            "/v3/personal-access-tokens/{id}/./rotate",
            "/v3/personal-access-tokens/x/../{id}/rotate",
            "/v3/personal-access-tokens/{id}%2Frotate",
            "/v3/personal-access-tokens/{id}/%72otate");

    @Inject
    Fixtures fixtures;

    private Tenants tenants;

    @BeforeEach
    void arrange() {
        tenants = new Tenants(fixtures);
    }

    @Test
    void withoutACredentialNoTrickGetsPastAuthentication() {
        Violations violations = new Violations("path tricks without a credential");
        Map<UUID, String> before = rows();
        for (Request request : requests(tenants.ownerToken, null)) {
            Answer answer = request.send();
            violations.sampled();
            String problem = RawHttp.errorContractProblem(answer);
            if (problem == null && !Set.of(401, 404, 405).contains(answer.status())) {
                problem = "an anonymous request must answer 401 or 404 (405 for a method the path does not take): "
                        + answer.describe();
            }
            violations.addIf(request, problem);
        }
        assertRowsUnchanged(before, violations);
        violations.assertNone();
        // The control: with its owner's credential, the plain path does each of these things.
        assertTheRightfulCallerDoesEverything(tenants.ownerToken, tenants.ownerJwt());
    }

    @Test
    void anotherAccountsAdministratorNeverReachesTheToken() {
        Violations violations = new Violations("path tricks with another account's administrator");
        Map<UUID, String> before = rows();
        for (Request request : requests(tenants.ownerToken, tenants.adminOfBJwt())) {
            violations.addIf(request, foreignProblem(request, request.send(), tenants.ownerToken));
            violations.sampled();
        }
        assertRowsUnchanged(before, violations);
        violations.assertNone();
        // The controls: the same credential is good (it reads its own account's token), and the owner's does each thing.
        assertReads(tenants.tokenB, tenants.adminOfBJwt(), "B's administrator, its own account's token");
        assertTheRightfulCallerDoesEverything(tenants.ownerToken, tenants.ownerJwt());
    }

    @Test
    void aPlainUserNeverReachesAnotherUsersTokenOfTheSameAccount() {
        Violations violations = new Violations("path tricks with a plain user of the same account");
        Map<UUID, String> before = rows();
        for (Request request : requests(tenants.otherToken, tenants.ownerJwt())) {
            violations.addIf(request, foreignProblem(request, request.send(), tenants.otherToken));
            violations.sampled();
        }
        assertRowsUnchanged(before, violations);
        violations.assertNone();
        // The controls: the same credential is good (it reads its own token), and the other user's does each thing.
        assertReads(tenants.ownerToken, tenants.ownerJwt(), "the plain user, its own token");
        assertTheRightfulCallerDoesEverything(tenants.otherToken, tenants.otherUserJwt());
    }

    /** The owner may read the own token through any spelling that reaches it, and nothing else. */
    @Test
    void theOwnerReadsOnlyTheOwnTokenWhicheverSpellingReachesIt() {
        // The control: the plain spelling reaches the token, so a server that refused every path would fail here.
        assertReads(tenants.ownerToken, tenants.ownerJwt(), "the owner, on the plain path");
        Violations violations = new Violations("path tricks with the owner");
        for (String trick : TRICKS) {
            Request request = RawHttp.get(spell(trick, tenants.ownerToken)).bearer(tenants.ownerJwt());
            Answer answer = request.send();
            violations.sampled();
            String problem = answer.status() >= 500 ? "server error: " + answer.describe() : RawHttp.errorContractProblem(answer);
            if (problem == null && answer.status() >= 200 && answer.status() < 300) {
                problem = onlyOwnTokens(answer);
            }
            violations.addIf(request, problem);
        }
        violations.assertNone();
    }

    /** The token read on its plain path with a credential that may read it: 200 and that very token. */
    private static void assertReads(UUID token, String jwt, String who) {
        Answer answer = RawHttp.get("/v3/personal-access-tokens/" + token).bearer(jwt).send();
        assertEquals(200, answer.status(), () -> "control, " + who + ": " + answer.describe());
        assertEquals(token.toString(), answer.json().path("id").asText(), () -> "control, " + who + ": " + answer.describe());
    }

    /**
     * The refused requests are refused for who sends them, not for how they are made: on the plain
     * paths, the token's own user reads, renames, rotates and deletes it (in that order, the delete last).
     */
    private static void assertTheRightfulCallerDoesEverything(UUID token, String jwt) {
        String path = "/v3/personal-access-tokens/" + token;
        assertReads(token, jwt, "the token's user");
        Answer renamed = RawHttp.patch(path, "{\"name\":\"renamed by its user\"}").bearer(jwt).send();
        assertEquals(200, renamed.status(), () -> "control, rename: " + renamed.describe());
        Answer rotated = new Request("POST", path + "/rotate").bearer(jwt).send();
        assertEquals(200, rotated.status(), () -> "control, rotation: " + rotated.describe());
        Answer deleted = RawHttp.delete(path).bearer(jwt).send();
        assertEquals(204, deleted.status(), () -> "control, deletion: " + deleted.describe());
    }

    /** GET, PATCH (rename) and DELETE of every spelling, and POST of every rotation spelling, with the credential or none. */
    private List<Request> requests(UUID target, String jwt) {
        List<Request> requests = new ArrayList<>();
        for (String trick : TRICKS) {
            String path = spell(trick, target);
            requests.add(RawHttp.get(path).bearer(jwt));
            requests.add(RawHttp.patch(path, "{\"name\":\"hijacked\"}").bearer(jwt));
            requests.add(RawHttp.delete(path).bearer(jwt));
        }
        for (String trick : ROTATE_TRICKS) {
            requests.add(new Request("POST", spell(trick, target)).bearer(jwt));
        }
        return requests;
    }

    /**
     * A caller who may not see the token: no success (a spelling that lands on the collection may
     * list the caller's own tokens, never this one), no 412 (the row was found), no 5xx, and the
     * error contract.
     */
    private String foreignProblem(Request request, Answer answer, UUID target) {
        if (answer.status() >= 500) {
            return "server error: " + answer.describe();
        }
        String contract = RawHttp.errorContractProblem(answer);
        if (contract != null) {
            return contract;
        }
        if (answer.status() == 412) {
            return "412: the row was found for a caller who may not see it: " + answer.describe();
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            JsonNode body = answer.json();
            boolean harmlessList = request.method().equals("GET") && body != null && body.isArray()
                    && !answer.body().toLowerCase(Locale.ROOT).contains(target.toString());
            if (!harmlessList) {
                return "the trick got through: " + answer.describe();
            }
        }
        return null;
    }

    private String onlyOwnTokens(Answer answer) {
        JsonNode body = answer.json();
        if (body == null) {
            return "a success without a JSON body: " + answer.describe();
        }
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        for (JsonNode item : items) {
            if (!tenants.ownerTokens().contains(item.path("id").asText())
                    || !tenants.owner.toString().equals(item.path("userId").asText())) {
                return "the answer shows a token that is not the owner's: " + answer.describe();
            }
        }
        return null;
    }

    static String spell(String trick, UUID id) {
        String text = id.toString();
        StringBuilder encoded = new StringBuilder();
        for (char c : text.toCharArray()) {
            encoded.append('%').append(String.format("%02X", (int) c));
        }
        return trick.replace("{id}", text).replace("{ID}", text.toUpperCase(Locale.ROOT)).replace("{ENC}", encoded);
    }

    /** Every token row (bar lastUsedAt) of both accounts, and the row counts. */
    private Map<UUID, String> rows() {
        Map<UUID, String> rows = tenants.snapshotOfOthers();
        rows.put(tenants.ownerToken, tenants.tokenRow(tenants.ownerToken));
        rows.put(tenants.revokedToken, tenants.tokenRow(tenants.revokedToken));
        rows.put(tenants.accountA, "tokens=" + fixtures.count("select count(*) from personal_access_token where account_id = ?",
                tenants.accountA));
        return rows;
    }

    private void assertRowsUnchanged(Map<UUID, String> before, Violations violations) {
        Map<UUID, String> after = rows();
        before.forEach((id, row) -> {
            if (!row.equals(after.get(id))) {
                violations.add("row " + id, "a row changed: " + row + " -> " + after.get(id));
            }
        });
    }
}
