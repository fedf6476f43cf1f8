package dev.pat.abuse;

import static dev.pat.abuse.Tenants.READ;
import static dev.pat.abuse.Tenants.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.abuse.RawHttp.Answer;
import dev.pat.abuse.RawHttp.Request;
import dev.pat.security.Scopes;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests against the running service and its real PostgreSQL: random path ids,
 * query strings, bodies and credentials (drawn with jqwik, see {@link Samples}) never produce a
 * server error, every error keeps the JSON error contract, and no answer ever carries data of
 * another account, or of another user for a plain user.
 *
 * <p>Two fresh accounts per test ({@link Tenants}); the caller is mostly A's plain user "owner",
 * who may see only the owner's own two tokens. Each property reports all its violations with the
 * inputs that caused them and the seed that replays them.
 */
@QuarkusTest
class HostileInputPropertiesTest {

    private static final String TOKENS = "/v3/personal-access-tokens";
    private static final String USERS = "/v3/users";
    /** An If-Match no row ever has: a 412 proves the row was found, a success that it was ignored. */
    private static final String STALE = "\"00000000-0000-0000-0000-000000000000-999\"";
    private static final Pattern SECRET_FORMAT = Pattern.compile("^pat_[0-9A-Za-z]{36}$");

    /** Sentinels in value pools: leave the field out, or send JSON null. */
    private static final String ABSENT = "\u0001absent";
    private static final String JSON_NULL = "\u0001null";
    private static final String NO_CONTENT_TYPE = "\u0001none";

    @Inject
    Fixtures fixtures;

    private Tenants tenants;

    @BeforeEach
    void arrange() {
        tenants = new Tenants(fixtures);
    }

    private enum Caller { OWNER, ADMIN_OF_A }

    // ------------------------------------------------------------------ random path ids

    @Test
    void randomPathIdsNeverReachAnotherAccountOrUser() {
        long seed = Samples.seed(6_001L);
        List<String> ids = Samples.draw(pathIds(), Samples.count(200), seed);
        Violations violations = new Violations("GET/PATCH/DELETE with random path ids", seed);
        // The controls: on paths naming rows they may touch, the same callers are answered, and a stale If-Match is a 412.
        assertEquals(200, RawHttp.get(TOKENS + "/" + tenants.ownerToken).bearer(tenants.ownerJwt()).send().status(),
                "control: the owner reads the own token");
        assertEquals(412, RawHttp.patch(TOKENS + "/" + tenants.ownerToken, "{\"name\":\"x\"}").bearer(tenants.ownerJwt())
                .header("If-Match", STALE).send().status(), "control: a stale If-Match on the owner's own token");
        assertEquals(200, RawHttp.get(USERS + "/" + tenants.owner).bearer(tenants.adminJwt()).send().status(),
                "control: A's administrator reads A's user");
        Map<UUID, String> before = tenants.snapshotOfOthers();
        int reached = 0;

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            boolean stale = i % 2 == 0;
            String ownerJwt = tenants.ownerJwt();
            String adminJwt = tenants.adminJwt();
            for (String collection : List.of(TOKENS, USERS)) {
                String path = collection + "/" + id;
                String change = collection.equals(USERS) ? "{\"company\":\"Fuzzed\"}" : "{\"name\":\"renamed by a fuzzed path\"}";
                reached += judgePath(violations, RawHttp.get(path).bearer(ownerJwt), Caller.OWNER, false);
                Request patch = RawHttp.patch(path, change).bearer(ownerJwt);
                if (stale) {
                    patch.header("If-Match", STALE);
                }
                reached += judgePath(violations, patch, Caller.OWNER, stale);
                reached += judgePath(violations, RawHttp.delete(path).bearer(ownerJwt).header("If-Match", STALE), Caller.OWNER, true);
                reached += judgePath(violations, RawHttp.get(path).bearer(adminJwt), Caller.ADMIN_OF_A, false);
            }
            violations.sampled();
        }
        assertOthersUnchanged(before, violations);
        violations.assertNone();
        assertTrue(reached > 0, "the generator should produce paths that reach a row the caller may touch too; none did");
    }

    /** Pieces of ids: every id of both accounts in several spellings, traversal and encoding tricks, random and very long text. */
    private Arbitrary<String> pathIds() {
        List<String> known = new ArrayList<>();
        List<UUID> all = List.of(tenants.ownerToken, tenants.revokedToken, tenants.otherToken, tenants.adminToken, tenants.tokenB,
                tenants.owner, tenants.otherUser, tenants.admin, tenants.userB, tenants.accountA, tenants.accountB, UUID.randomUUID());
        for (UUID uuid : all) {
            String id = uuid.toString();
            known.add(id);
            known.add(id);
            known.add(id.toUpperCase(Locale.ROOT));
            known.add(id.replace("-", ""));
            known.add("%7B" + id + "%7D");
            known.add(id + "%00");
            known.add(id + "%20");
            known.add("%20" + id);
            known.add(id + ".");
            known.add(id + ";x=y");
            known.add(id + "%2F");
            known.add(percentEncodeEverything(id));
        }
        known.addAll(List.of("", "self", ".", "..", "%2e%2e", "%2E%2E%2F", "%2F", "%5C", "%00", "%252e%252e", ";", ";a=b",
                "%3B", "null", "undefined", "0", "-1", "*", "%25", "rotate", "self%2F..", "~", "%C0%AE%C0%AE", "%EF%BC%8F",
                "%E2%80%AE", "%0D%0AX-Injected:%20yes", "9".repeat(40)));
        Arbitrary<String> knownPiece = Arbitraries.of(known);
        Arbitrary<String> separators = Arbitraries.of("/", "/../", "/./", "//", "/..", "../", "/%2e%2e/", "%2F..%2F");
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(40).map(RawHttp::encode);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(20).map(RawHttp::encode);
        Arbitrary<String> rawSafe = Arbitraries.strings().withChars("abcdef0123456789-.~_!$&'()*+,;=:@").ofMaxLength(40);
        Arbitrary<String> veryLong = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(500).ofMaxLength(6000);
        Arbitrary<String> piece = Arbitraries.oneOf(knownPiece, knownPiece, knownPiece, knownPiece, separators, unicode, ascii,
                rawSafe, veryLong);
        return piece.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("", parts));
    }

    /** Judges one request; answers 1 when it reached a row (a success, or a 412 for a found row), else 0. */
    private int judgePath(Violations violations, Request request, Caller caller, boolean staleIfMatch) {
        Answer answer = send(violations, request);
        if (answer == null) {
            return 0;
        }
        String problem = commonProblem(request, answer, caller);
        if (problem == null) {
            problem = staleIfMatchProblem(request, answer, caller, staleIfMatch);
        }
        if (problem == null && answer.status() >= 200 && answer.status() < 300) {
            problem = successProblem(answer, caller);
        }
        violations.addIf(request, problem);
        return answer.status() < 300 || answer.status() == 412 ? 1 : 0;
    }

    /**
     * The If-Match is checked only after the row is found among those the caller may touch: so a
     * 412 is only possible for a path naming such a row, and a success with a stale tag never.
     */
    private String staleIfMatchProblem(Request request, Answer answer, Caller caller, boolean staleIfMatch) {
        if (!staleIfMatch || request.method().equals("GET")) {
            return null;
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            return request.method() + " succeeded despite a stale If-Match: " + answer.describe();
        }
        if (answer.status() == 412) {
            String path = RawHttp.percentDecode(request.rawPathAndQuery()).toLowerCase(Locale.ROOT);
            Set<String> reachable = caller == Caller.OWNER ? tenants.ownerTokens() : union(tenants.tokensOfA(), tenants.usersOfA());
            if (reachable.stream().noneMatch(path::contains)) {
                return "412 means the row was found, but the path names no row the caller may touch: " + answer.describe();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ random query strings

    @Test
    void randomQueryStringsListOnlyTheCallersTokens() {
        long seed = Samples.seed(6_002L);
        List<String> queries = Samples.draw(queryStrings(), Samples.count(300), seed);
        Violations violations = new Violations("GET /v3/personal-access-tokens with random query strings", seed);
        int ok = 0;
        int refused = 0;
        for (String query : queries) {
            String path = query.isEmpty() ? TOKENS : TOKENS + "?" + query;
            for (Caller caller : Caller.values()) {
                Request request = RawHttp.get(path).bearer(caller == Caller.OWNER ? tenants.ownerJwt() : tenants.adminJwt());
                Answer answer = send(violations, request);
                if (answer == null) {
                    continue;
                }
                String problem = commonProblem(request, answer, caller);
                if (problem == null && answer.status() >= 200 && answer.status() < 300) {
                    problem = answer.status() != 200 || answer.json() == null || !answer.json().isArray()
                            ? "a list answer that is not 200 with a JSON array: " + answer.describe()
                            : successProblem(answer, caller);
                }
                violations.addIf(request, problem);
                if (caller == Caller.OWNER) {
                    ok += answer.status() == 200 ? 1 : 0;
                    refused += answer.status() == 400 ? 1 : 0;
                }
            }
            violations.sampled();
        }
        violations.assertNone();
        assertTrue(ok > 0 && refused > 0, "the generator should produce both accepted and refused queries; got " + ok
                + " answered 200 and " + refused + " answered 400");
    }

    private Arbitrary<String> queryStrings() {
        List<String> keys = new ArrayList<>(List.of("page", "limit", "sort", "name", "name[eq]", "name[ne]", "name[sw]",
                "name[ew]", "name[cn]", "name[gt]", "name[xx]", "name[]", "name[cn][x]", "NAME", "revoked", "revoked[eq]",
                "revoked[ne]", "createdAt", "createdAt[gt]", "createdAt[gte]", "createdAt[lt]", "createdAt[lte]",
                "createdAt[eq]", "expiresAt[gt]", "expiresAt[lte]", "lastUsedAt[gte]", "lastUsedAt[lt]", "userId", "userId[eq]",
                "userId[ne]", "accountId", "account_id", "id", "user.id", "scopes", "", "[", "]", "name[", "sort[eq]"));
        List<String> values = new ArrayList<>(List.of("", "1", "0", "-1", "2", "100", "101", "1000", "2147483647", "2147483648",
                "99999999999999999999", "1e3", "0x10", " 1", "true", "false", "TRUE", "null", "createdAt", "-createdAt", "name",
                "-name", "expiresAt", "-lastUsedAt", "lastUsedAt", "id", "-", "--createdAt", "userId", "owner token", "OWNER",
                "2019-08-24T14:15:22Z", "2019-08-24", "2019-08-24T14:15:22+02:00", "2030-01-01T00:00:00Z",
                "+294277-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "0000-01-01T00:00:00Z", "%", "_", "\\", "'", "\"", "' or '1'='1", "%' or 1=1 --", "\u0000", "a\u0000b", "\u0001",
                "\u00fc", "\ud83d\ude00", "x".repeat(201), "x".repeat(200)));
        values.addAll(Tenants.strings(tenants.owner, tenants.otherUser, tenants.admin, tenants.userB, tenants.accountA,
                tenants.accountB, tenants.tokenB, UUID.randomUUID()));
        values.add(tenants.owner.toString().toUpperCase(Locale.ROOT));
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(keys), Arbitraries.of(keys), Arbitraries.of(keys),
                Arbitraries.strings().all().ofMaxLength(12));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(values), Arbitraries.of(values), Arbitraries.of(values),
                Arbitraries.strings().all().ofMaxLength(30), Arbitraries.strings().ascii().ofMaxLength(30),
                Arbitraries.integers().map(String::valueOf), Arbitraries.longs().map(String::valueOf))
                .injectNull(0.1);
        Arbitrary<String> pair = Combinators.combine(key, value)
                .as((k, v) -> RawHttp.encode(k) + (v == null ? "" : "=" + RawHttp.encode(v)));
        return pair.list().ofMaxSize(5).map(pairs -> String.join("&", pairs));
    }

    /** A pinned example of the query property: a NUL character in a text filter is the client's error, not a 500. */
    @Test
    void aNulCharacterInATextFilterIsAnsweredWithoutServerError() {
        for (String key : List.of("name", "name[cn]", "name[sw]", "name[ne]")) {
            // The control: the same filter without the NUL is answered.
            Answer control = RawHttp.get(TOKENS + "?" + RawHttp.encode(key) + "=ab").bearer(tenants.ownerJwt()).send();
            assertEquals(200, control.status(), () -> key + "=ab answered " + control.describe());
            Request request = RawHttp.get(TOKENS + "?" + RawHttp.encode(key) + "=a%00b").bearer(tenants.ownerJwt());
            Answer answer = request.send();
            assertTrue(answer.status() < 500, () -> request + " answered " + answer.describe());
            assertNull(RawHttp.errorContractProblem(answer), () -> request + ": " + RawHttp.errorContractProblem(answer));
        }
    }

    // ------------------------------------------------------------------ random bodies

    /** A request body: its text, whether it is a syntactically valid JSON object, and its Content-Type. */
    private record BodySample(String text, boolean object, String contentType) {
        @Override
        public String toString() {
            return "[" + contentType + "] " + RawHttp.abbreviate(text, 300);
        }
    }

    @Test
    void randomBodiesNeverChangeAnotherUsersOrAccountsRows() {
        long seed = Samples.seed(6_003L);
        List<BodySample> bodies = Samples.draw(bodies(), Samples.count(250), seed);
        Violations violations = new Violations("POST and PATCH with random JSON bodies", seed);
        Map<UUID, String> before = tenants.snapshotOfOthers();
        List<UUID> targets = List.of(tenants.ownerToken, tenants.otherToken, tenants.tokenB);
        List<String> created = new ArrayList<>();
        int patchedOwn = 0;

        for (int i = 0; i < bodies.size(); i++) {
            BodySample body = bodies.get(i);
            String jwt = tenants.ownerJwt();

            Request post = withBody(new Request("POST", TOKENS), body).bearer(jwt);
            Answer posted = send(violations, post);
            if (posted != null) {
                String problem = commonProblem(post, posted, Caller.OWNER);
                if (problem == null) {
                    problem = createProblem(body, posted, created);
                }
                violations.addIf(post, problem);
            }

            UUID target = targets.get(i % targets.size());
            boolean own = target.equals(tenants.ownerToken);
            Request patch = withBody(new Request("PATCH", TOKENS + "/" + target), body).bearer(jwt);
            Answer patched = send(violations, patch);
            if (patched != null) {
                String problem = commonProblem(patch, patched, Caller.OWNER);
                if (problem == null) {
                    problem = own ? ownPatchProblem(body, patched) : foreignPatchProblem(body, patched);
                }
                violations.addIf(patch, problem);
                patchedOwn += own && patched.status() == 200 ? 1 : 0;
            }
            violations.sampled();
        }

        for (String id : created) {
            Object row = fixtures.single("select concat_ws('|', account_id, user_id) from personal_access_token where id = ?",
                    UUID.fromString(id));
            if (row != null && !row.equals(tenants.accountA + "|" + tenants.owner)) {
                violations.add("token " + id, "a token created by the owner is stored in another account or user: " + row);
            }
        }
        assertOthersUnchanged(before, violations);
        violations.assertNone();
        assertTrue(!created.isEmpty() && patchedOwn > 0, "the generator should produce valid bodies too; got " + created.size()
                + " created and " + patchedOwn + " own tokens patched");
    }

    private static Request withBody(Request request, BodySample body) {
        request.body(body.text());
        if (!NO_CONTENT_TYPE.equals(body.contentType())) {
            request.header("Content-Type", body.contentType());
        }
        return request;
    }

    private String createProblem(BodySample body, Answer answer, List<String> created) {
        int status = answer.status();
        if (status == 201) {
            JsonNode json = answer.json();
            if (json == null || !tenants.owner.toString().equals(json.path("userId").asText())) {
                return "201 for a token that is not the caller's: " + answer.describe();
            }
            if (!SECRET_FORMAT.matcher(json.path("token").asText()).matches()) {
                return "201 without a well-formed secret: " + answer.describe();
            }
            created.add(json.path("id").asText());
            return null;
        }
        if (status == 400) {
            return badRequestProblem(body, answer);
        }
        if (status == 409) {
            return "too_many_tokens".equals(codeOf(answer)) ? null : "409 with an unexpected code: " + answer.describe();
        }
        return status == 413 || status == 415 ? null : "unexpected status for a create: " + answer.describe();
    }

    private String ownPatchProblem(BodySample body, Answer answer) {
        int status = answer.status();
        if (status == 200) {
            JsonNode json = answer.json();
            return json != null && tenants.ownerToken.toString().equals(json.path("id").asText())
                    && tenants.owner.toString().equals(json.path("userId").asText())
                    ? null : "200 for a PATCH of the owner's token shows another row: " + answer.describe();
        }
        if (status == 400) {
            return badRequestProblem(body, answer);
        }
        return status == 413 || status == 415 ? null : "unexpected status for a PATCH of the caller's own token: " + answer.describe();
    }

    /** Another user's or account's token: only a body the server cannot read may be refused before the lookup says 404. */
    private String foreignPatchProblem(BodySample body, Answer answer) {
        int status = answer.status();
        if (status == 404 || status == 413 || status == 415) {
            return null;
        }
        if (status == 400 && !(body.object() && isPlainJson(body.contentType()))) {
            return null;
        }
        return "a PATCH of a token the caller may not see must answer 404: " + answer.describe();
    }

    /** A 400 names the invalid fields in errors[] whenever the body was a well-formed JSON object. */
    private static String badRequestProblem(BodySample body, Answer answer) {
        JsonNode json = answer.json();
        String code = codeOf(answer);
        if (body.object() && isPlainJson(body.contentType())) {
            if (!"validation_failed".equals(code) || json == null || !json.path("errors").isArray() || json.path("errors").isEmpty()) {
                return "a 400 for a JSON object must be validation_failed and name the fields in errors[]: " + answer.describe();
            }
            for (JsonNode error : json.path("errors")) {
                if (!error.path("field").isTextual() || !error.path("message").isTextual() || error.path("message").asText().isBlank()) {
                    return "an errors[] entry without field and message: " + answer.describe();
                }
            }
            return null;
        }
        return Set.of("validation_failed", "malformed_body", "bad_request").contains(code) ? null
                : "a 400 with an unexpected code: " + answer.describe();
    }

    private static boolean isPlainJson(String contentType) {
        return "application/json".equals(contentType) || "application/json; charset=UTF-8".equals(contentType);
    }

    private Arbitrary<BodySample> bodies() {
        Arbitrary<String> contentTypes = Arbitraries.of("application/json", "application/json", "application/json",
                "application/json", "application/json", "application/json", "application/json; charset=UTF-8", "text/plain",
                "application/x-www-form-urlencoded", "application/merge-patch+json", "application/json; charset=UTF-16",
                "application/xml", NO_CONTENT_TYPE);
        Arbitrary<Map<String, Object>> objects = Arbitraries.oneOf(validTokenBodies(), validTokenBodies(), fuzzedTokenBodies(),
                fuzzedTokenBodies(), fuzzedTokenBodies());
        Arbitrary<BodySample> asJson = Combinators.combine(objects, contentTypes)
                .as((object, contentType) -> new BodySample(json(object), true, contentType));
        Arbitrary<BodySample> raw = Arbitraries.of(rawBodies())
                .map(text -> new BodySample(text, false, "application/json"));
        return Arbitraries.oneOf(asJson, asJson, asJson, asJson, raw);
    }

    private Arbitrary<Map<String, Object>> validTokenBodies() {
        Arbitrary<String> names = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(60);
        Arbitrary<List<String>> scopes = Arbitraries.subsetOf(Scopes.ALL).ofMinSize(1).map(set -> (List<String>) new ArrayList<>(set));
        Arbitrary<Long> expiries = Arbitraries.longs().between(3_600L, 3_600L * 24 * 365);
        Arbitrary<Map<String, Object>> mutation = Arbitraries.oneOf(field("expiresAt", expiryValues(), 100),
                field("name", nameValues(), 100), field("scopes", scopeValues(), 100), field("revoked", revokedValues(), 100),
                Arbitraries.maps(extraKeys(), idsAndJson()).ofMinSize(1).ofMaxSize(1));
        Map<String, Object> noChange = new LinkedHashMap<>();
        Arbitrary<Map<String, Object>> unchanged = Arbitraries.just(noChange);
        Arbitrary<Map<String, Object>> maybeMutation = Arbitraries.oneOf(unchanged, mutation);
        return Combinators.combine(names, scopes, expiries, Arbitraries.of(true, false), maybeMutation)
                .as((name, scopeList, expiry, withExpiry, changes) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("name", name);
                    body.put("scopes", scopeList);
                    if (withExpiry) {
                        body.put("expiresAt", Instant.now().plusSeconds(expiry).toString());
                    }
                    body.putAll(changes);
                    body.values().removeIf(ABSENT::equals);
                    body.replaceAll((k, v) -> JSON_NULL.equals(v) ? null : v);
                    return body;
                });
    }

    private Arbitrary<Map<String, Object>> fuzzedTokenBodies() {
        return Combinators.combine(field("name", nameValues(), 85), field("expiresAt", expiryValues(), 40),
                        field("scopes", scopeValues(), 85), field("revoked", revokedValues(), 20),
                        Arbitraries.maps(extraKeys(), idsAndJson()).ofMaxSize(3))
                .as((name, expiresAt, scopes, revoked, extra) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.putAll(name);
                    body.putAll(expiresAt);
                    body.putAll(scopes);
                    body.putAll(revoked);
                    body.putAll(extra);
                    body.values().removeIf(ABSENT::equals);
                    body.replaceAll((k, v) -> JSON_NULL.equals(v) ? null : v);
                    return body;
                });
    }

    /** The field with a value from the pool in {@code percent} of the samples, absent otherwise. */
    private static Arbitrary<Map<String, Object>> field(String name, Arbitrary<Object> values, int percent) {
        Arbitrary<Map<String, Object>> present = values.map(value -> single(name, value));
        Map<String, Object> none = new LinkedHashMap<>();
        Arbitrary<Map<String, Object>> absent = Arbitraries.just(none);
        return Arbitraries.integers().between(1, 100).flatMap(roll -> roll <= percent ? present : absent);
    }

    private static Map<String, Object> single(String name, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(name, value);
        return map;
    }

    private Arbitrary<Object> nameValues() {
        List<Object> pool = pool("", " ", "\u0000", "a\nb", "tab\there", "\u202Eevil", "x".repeat(200), "x".repeat(201),
                "x".repeat(10_001), "\ud83d\ude00".repeat(101), "  padded  ", "<script>alert(1)</script>", "'; drop table x; --",
                "\ud800", 123, 1.5, true, JSON_NULL, List.of("a"), Map.of("a", 1));
        return Arbitraries.oneOf(Arbitraries.of(pool), Arbitraries.strings().all().ofMaxLength(210).map(s -> (Object) s),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(60).map(s -> (Object) s));
    }

    private Arbitrary<Object> expiryValues() {
        List<Object> pool = pool(Instant.now().plusSeconds(86_400).toString(), Instant.now().minusSeconds(86_400).toString(),
                "+294277-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "2030-02-30T00:00:00Z", "2030-01-01", "2030-01-01T00:00:00+02:00", "tomorrow", "",
                "1970-01-01T00:00:00Z", JSON_NULL, 0, -1, Instant.now().plusSeconds(86_400).getEpochSecond(), Long.MAX_VALUE,
                Long.MIN_VALUE, 1e300, List.of(), Map.of("at", "2030-01-01T00:00:00Z"), true);
        return Arbitraries.oneOf(Arbitraries.of(pool), Arbitraries.of(pool), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.strings().ascii().ofMaxLength(30).map(s -> (Object) s));
    }

    private Arbitrary<Object> scopeValues() {
        List<String> scopes = new ArrayList<>(Scopes.ALL);
        scopes.addAll(List.of("admin", "*", "", "personalAccessToken:*", "PERSONALACCESSTOKEN:READ", READ + " ", " " + WRITE,
                READ + " " + WRITE));
        Arbitrary<Object> lists = Arbitraries.of(scopes).list().ofMaxSize(12).map(l -> (Object) l);
        Arbitrary<Object> subsets = Arbitraries.subsetOf(Scopes.ALL).map(set -> (Object) new ArrayList<>(set));
        List<Object> odd = pool(READ, JSON_NULL, 7, true, Map.of("0", READ), List.of(READ, READ), Arrays.asList(READ, null),
                List.of(1, 2), List.of(List.of(READ)), new ArrayList<>(java.util.Collections.nCopies(1_000, READ)));
        return Arbitraries.oneOf(lists, subsets, subsets, Arbitraries.of(odd));
    }

    private Arbitrary<Object> revokedValues() {
        return Arbitraries.of(pool(true, false, false, "true", 1, 0, "yes", JSON_NULL, List.of(true)));
    }

    private Arbitrary<String> extraKeys() {
        Arbitrary<String> known = Arbitraries.of("id", "userId", "user", "accountId", "account_id", "token", "secret",
                "secretDigest", "createdAt", "updatedAt", "lastUsedAt", "lastRotatedAt", "version", "__proto__", "constructor",
                "Name", "NAME", "scope", "expires_at", "user_id");
        return Arbitraries.oneOf(known, known, known, Arbitraries.strings().all().ofMaxLength(10));
    }

    /** Ids of both accounts (to try to move a token), or any JSON. */
    private Arbitrary<Object> idsAndJson() {
        List<Object> ids = new ArrayList<>(Tenants.strings(tenants.owner, tenants.otherUser, tenants.admin, tenants.userB,
                tenants.accountA, tenants.accountB, tenants.otherToken, tenants.tokenB));
        ids.add(Map.of("id", tenants.userB.toString()));
        return Arbitraries.oneOf(Arbitraries.of(ids), jsonValues(2));
    }

    private static Arbitrary<Object> jsonValues(int depth) {
        Arbitrary<Object> scalars = Arbitraries.oneOf(Arbitraries.of(pool(JSON_NULL, true, false)),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.strings().all().ofMaxLength(30).map(s -> (Object) s));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<Object> inner = jsonValues(depth - 1);
        Arbitrary<Object> arrays = inner.list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> objects = Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(8), inner).ofMaxSize(4)
                .map(m -> (Object) m);
        return Arbitraries.oneOf(scalars, scalars, arrays, objects);
    }

    private static List<String> rawBodies() {
        String valid = "{\"name\":\"raw\",\"scopes\":[\"" + READ + "\"]}";
        return List.of("", " ", "null", "[]", "[" + valid + "]", "\"name\"", "42", "true", "{", "}", "{\"name\":}",
                "{\"name\":\"a\",}", "{'name':'a'}", valid + valid, "{\"name\":\"a\",\"name\":\"b\",\"scopes\":[]}",
                "\uFEFF" + valid, "{\"name\":\"a\",\"scopes\":[\"" + READ + "\"],\"expiresAt\":1e999999}",
                "{\"name\":\"a\",\"scopes\":[\"" + READ + "\"],\"expiresAt\":99999999999999999999999}",
                "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000),
                "{\"name\":\"\\ud800\",\"scopes\":[\"" + READ + "\"]}", "{\"name\":\"\\u0000\",\"scopes\":[]}",
                valid + " trailing", "{\"name\":\"a\" /* comment */ ,\"scopes\":[]}", "NaN", "{\"name\":NaN,\"scopes\":[]}",
                "{\"scopes\":[" + ("\"" + READ + "\",").repeat(2_000) + "\"x\"]}",
                "{\"name\":\"" + "a".repeat(60_000) + "\",\"scopes\":[]}", "{\"name\":\"a\",\"scopes\":[\"" + READ + "\"]\u0000}",
                "\u0000", "{\"\":\"\"}", "{\"name\":\"raw\",\"scopes\":[\"" + READ + "\"],\"revoked\":\"false\"}");
    }

    // ------------------------------------------------------------------ random credentials and headers

    /** An offset from the moment of sending, in seconds; {@code fractional} sends it as a JSON decimal. */
    private record Rel(long seconds, boolean fractional) {
        Object at(long now) {
            return fractional ? (double) (now + seconds) + 0.5 : (Object) (now + seconds);
        }
    }

    /** One change to the header or claims of an otherwise valid JWT of the owner. */
    private record Mutation(boolean header, String name, Object value) {
        @Override
        public String toString() {
            return (header ? "header." : "") + name + "=" + (value instanceof String text ? RawHttp.abbreviate(text, 60) : value);
        }
    }

    /** What to put in the Authorization header: a fixed value (or none), or a JWT made at sending time. */
    private record Credential(String kind, String fixed, String prefix, List<Mutation> mutations, String suffix) {
        @Override
        public String toString() {
            return kind.equals("jwt") ? "jwt prefix='" + prefix + "' mutations=" + mutations + " suffix='" + suffix + "'"
                    : kind + " " + RawHttp.abbreviate(fixed, 200);
        }
    }

    private record HeaderSample(Credential credential, Map<String, String> extra) {
    }

    @Test
    void randomCredentialsAndHeadersNeverReadATokenTheyShouldNot() {
        long seed = Samples.seed(6_004L);
        List<HeaderSample> samples = Samples.draw(headerSamples(), Samples.count(300), seed);
        Violations violations = new Violations("GET of A's token with random credentials and headers", seed);
        Map<UUID, String> before = tenants.snapshotOfOthers();
        String ownerRow = tenants.tokenRow(tenants.ownerToken);
        // The controls: the owner's plain JWT and its live secret read the token, on the very request the samples vary.
        for (String good : List.of(tenants.ownerJwt(), tenants.ownerSecret)) {
            Answer control = RawHttp.get(TOKENS + "/" + tenants.ownerToken).bearer(good).send();
            assertEquals(200, control.status(), () -> "control: " + control.describe());
            assertEquals(tenants.ownerToken.toString(), control.json().path("id").asText(), control::describe);
        }
        int ok = 0;
        int unsendable = 0;

        for (HeaderSample sample : samples) {
            long now = Instant.now().getEpochSecond();
            Map<String, Object> header = RawJwt.rs256Header();
            Map<String, Object> claims = RawJwt.claims(tenants.accountA, tenants.owner, "user");
            String authorization = authorization(sample.credential(), header, claims, now);
            Request request = RawHttp.get(TOKENS + "/" + tenants.ownerToken).header("Authorization", authorization);
            sample.extra().forEach(request::header);
            String input = sample.credential() + " extra headers " + sample.extra();
            Answer answer;
            try {
                request.build();
            } catch (IllegalArgumentException e) {
                unsendable++;
                continue;
            }
            answer = send(violations, request);
            violations.sampled();
            if (answer == null) {
                continue;
            }
            String problem = commonProblem(request, answer, Caller.OWNER);
            if (problem == null && answer.status() >= 200 && answer.status() < 300) {
                problem = answer.status() == 200 ? successProblem(answer, Caller.OWNER) : "unexpected success: " + answer.describe();
                if (problem == null) {
                    ok++;
                    String why = unjustified(sample.credential(), authorization, header, claims, now);
                    problem = why == null ? null : "a credential that should fail read the token: " + why + "; sent "
                            + RawHttp.abbreviate(authorization, 300) + " with header " + header + " and claims " + claims;
                }
            }
            violations.addIf(input, problem);
        }
        if (!ownerRow.equals(tenants.tokenRow(tenants.ownerToken))) {
            violations.add("all samples", "the token that was only read changed: " + ownerRow + " -> " + tenants.tokenRow(tenants.ownerToken));
        }
        assertOthersUnchanged(before, violations);
        violations.assertNone();
        assertTrue(unsendable < samples.size() / 10, "too many samples the HTTP client refused to send: " + unsendable);
        assertTrue(ok > 0, "the generator should produce accepted credentials too; none was");
    }

    private Arbitrary<HeaderSample> headerSamples() {
        return Combinators.combine(credentials(), extraHeaders()).as(HeaderSample::new);
    }

    private Arbitrary<Credential> credentials() {
        Arbitrary<String> prefixes = Arbitraries.of("Bearer ", "Bearer ", "Bearer ", "Bearer ", "Bearer ", "Bearer ", "Bearer ",
                "Bearer ", "bearer ", "BEARER ", "Bearer  ", "", "Basic ", "Bearer\t", "Token ");
        Arbitrary<String> suffixes = Arbitraries.of("", "", "", "", "", "", " ", ".", "x", ",Bearer other");
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMaxSize(3);
        Arbitrary<Credential> jwts = Combinators.combine(prefixes, mutations, suffixes)
                .as((prefix, changes, suffix) -> new Credential("jwt", null, prefix, changes, suffix));

        Arbitrary<String> printable = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200);
        Arbitrary<Credential> randomStrings = Arbitraries.oneOf(printable, printable.map(s -> "Bearer " + s),
                        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1_000).ofMaxLength(8_000).map(s -> "Bearer " + s))
                .map(value -> new Credential("random", value, null, List.of(), null));
        Arbitrary<Credential> patLike = Arbitraries.strings()
                .withChars("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").ofMaxLength(60)
                .map(s -> new Credential("pat", "Bearer pat_" + s, null, List.of(), null));
        List<String> known = new ArrayList<>();
        for (String secret : tenants.secrets()) {
            known.addAll(List.of("Bearer " + secret, "Bearer " + secret, "bearer " + secret, "Bearer  " + secret + " ",
                    "Bearer " + secret + "0", "Bearer " + secret.substring(0, secret.length() - 1), "Bearer PAT_" + secret.substring(4),
                    "Bearer " + secret + "," + tenants.ownerSecret, secret));
        }
        Arbitrary<Credential> knownSecrets = Arbitraries.of(known).map(value -> new Credential("pat", value, null, List.of(), null));
        Arbitrary<Credential> none = Arbitraries.just(new Credential("none", null, null, List.of(), null));
        Arbitrary<Credential> dotted = Arbitraries.strings().withChars("abcXYZ0189-_=+/.").ofMaxLength(120)
                .map(s -> new Credential("random", "Bearer " + s + "." + s + "." + s, null, List.of(), null));
        return Arbitraries.oneOf(jwts, jwts, jwts, jwts, jwts, randomStrings, patLike, knownSecrets, none, dotted);
    }

    private Arbitrary<Mutation> mutation() {
        String a = tenants.accountA.toString();
        String owner = tenants.owner.toString();
        long day = 86_400;
        List<Arbitrary<Mutation>> all = new ArrayList<>();
        all.add(change(false, "iss", pool("https://issuer.elsewhere.example", Jwts.ISSUER + "/", Jwts.ISSUER.toUpperCase(Locale.ROOT),
                "", ABSENT, JSON_NULL, List.of(Jwts.ISSUER), 1)));
        all.add(change(false, "sub", pool(owner.toUpperCase(Locale.ROOT), tenants.otherUser.toString(), tenants.admin.toString(),
                tenants.userB.toString(), UUID.randomUUID().toString(), "alice", "", 123, List.of(owner), ABSENT, JSON_NULL,
                owner + " ", "{" + owner + "}", owner.replace("-", ""))));
        all.add(change(false, "accountId", pool(a.toUpperCase(Locale.ROOT), tenants.accountB.toString(), UUID.randomUUID().toString(),
                "acme", "", 42, List.of(a), Map.of("id", a), ABSENT, JSON_NULL, " " + a, a.replace("-", ""))));
        all.add(change(false, "groups", pool(List.of("admin"), List.of("admin"), "admin", "user admin", List.of(), List.of("ADMIN"),
                List.of(1), Map.of("admin", true), List.of("admin", 3), ABSENT, JSON_NULL, "", List.of("Admin "), List.of("user", "admin"))));
        all.add(change(false, "scope", pool(READ, WRITE, "user:read", "", "   ", READ + " " + WRITE, List.of(READ), List.of("user:read"),
                7, JSON_NULL, READ + "\tuser:read", "personalAccessToken:read,user:read", "*")));
        all.add(change(false, "iat", pool(new Rel(-3_600, false), new Rel(-(day + 3_600), false), new Rel(-(day - 60), false),
                new Rel(3_600, false), new Rel(40 * day, false), new Rel(0, true), ABSENT, JSON_NULL, "yesterday", 1.5,
                Long.MAX_VALUE, -1L, List.of(0))));
        all.add(change(false, "exp", pool(new Rel(-600, false), new Rel(-30, false), new Rel(30 * day, false),
                new Rel(3_650 * day, false), new Rel(600, true), ABSENT, JSON_NULL, "soon", 0L, Long.MAX_VALUE, 1e20, List.of(1))));
        all.add(change(false, "nbf", pool(new Rel(-60, false), new Rel(3_600, false), new Rel(30, false), "now", JSON_NULL)));
        all.add(change(false, "aud", pool("pat-api", List.of("x"), 5, "")));
        all.add(change(false, "upn", pool("admin@example.test", tenants.admin.toString())));
        all.add(change(false, "role", pool("admin", List.of("admin"))));
        all.add(change(true, "alg", pool("none", "HS256", "RS512", "ES256", "rs256", "PS256", ABSENT, "")));
        all.add(change(true, "kid", pool("test-ec", ABSENT, "nope", "../../etc/passwd", 1, "", "TEST-RSA")));
        all.add(change(true, "typ", pool(ABSENT, "at+jwt", "JWE", 1)));
        all.add(change(true, "crit", pool(List.of("exp"), List.of(), "exp", List.of("x-unknown"))));
        all.add(change(true, "jku", pool("https://attacker.example/jwks.json")));
        all.add(change(true, "x5u", pool("https://attacker.example/cert.pem")));
        all.add(change(true, "jwk", pool(RawJwt.foreignPublicJwk())));
        all.add(change(true, "zip", pool("DEF")));
        all.add(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)
                .flatMap(name -> jsonValues(1).map(value -> new Mutation(false, "x-" + name, value))));
        return Arbitraries.oneOf(all);
    }

    private static Arbitrary<Mutation> change(boolean header, String name, List<Object> values) {
        return Arbitraries.of(values).map(value -> new Mutation(header, name, value));
    }

    private Arbitrary<Map<String, String>> extraHeaders() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Prefix",
                        "X-Forwarded-Proto", "Forwarded", "X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override",
                        "X-Method-Override", "Accept", "Accept-Language", "If-Match", "If-None-Match", "Cookie", "Origin",
                        "X-Real-IP", "X-Account-Id", "X-User-Id", "Proxy-Authorization", "X-Api-Key", "Range", "Content-Type",
                        "Transfer-Encoding-Ext", "Referer", "User-Agent"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(s -> "X-" + s));
        List<String> values = List.of("DELETE", "PATCH", "127.0.0.1", "/v3/personal-access-tokens/" + tenants.tokenB,
                "/v3/users/" + tenants.userB, "for=1.2.3.4;host=evil.example;proto=https", "text/html", "*/*", "application/xml",
                "application/json;q=0", "\"stale\"", "*", "bytes=0-1", tenants.accountB.toString(), tenants.userB.toString(),
                "Bearer " + tenants.secretB, "admin", "");
        Arbitrary<String> headerValues = Arbitraries.oneOf(Arbitraries.of(values), Arbitraries.of(values),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60));
        return Arbitraries.maps(names, headerValues).ofMaxSize(3);
    }

    private String authorization(Credential credential, Map<String, Object> header, Map<String, Object> claims, long now) {
        if (!credential.kind().equals("jwt")) {
            return credential.fixed();
        }
        for (Mutation mutation : credential.mutations()) {
            Map<String, Object> target = mutation.header() ? header : claims;
            Object value = mutation.value();
            if (ABSENT.equals(value)) {
                target.remove(mutation.name());
            } else if (JSON_NULL.equals(value)) {
                target.put(mutation.name(), null);
            } else if (value instanceof Rel rel) {
                target.put(mutation.name(), rel.at(now));
            } else {
                target.put(mutation.name(), value);
            }
        }
        return credential.prefix() + RawJwt.rs256(header, claims) + credential.suffix();
    }

    /**
     * Why the credential should not have read the owner's token, or null when it may: the owner's
     * or an A-admin's live secret, or a JWT that passes every check the service promises.
     */
    private String unjustified(Credential credential, String authorization, Map<String, Object> header,
            Map<String, Object> claims, long now) {
        if (!credential.kind().equals("jwt")) {
            String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? authorization.substring(7).trim() : null;
            return tenants.ownerSecret.equals(presented) || tenants.adminSecret.equals(presented) ? null
                    : "the credential is no live secret of the owner or an administrator of A";
        }
        if (!credential.suffix().isBlank()) {
            return "the JWT had '" + credential.suffix() + "' appended";
        }
        if (!"RS256".equals(header.get("alg"))) {
            return "alg is " + header.get("alg");
        }
        // An empty crit names no extension, so it steers nothing: jose4j accepts it, as RFC 7515 allows.
        if (header.containsKey("crit") && !(header.get("crit") instanceof List<?> crit && crit.isEmpty())) {
            return "the header has crit " + header.get("crit");
        }
        if (header.containsKey("kid") && !"test-rsa".equals(header.get("kid"))) {
            return "kid is " + header.get("kid");
        }
        if (!Jwts.ISSUER.equals(claims.get("iss"))) {
            return "iss is " + claims.get("iss");
        }
        if (!sameId(claims.get("accountId"), tenants.accountA)) {
            return "accountId is " + claims.get("accountId");
        }
        Double exp = number(claims.get("exp"));
        if (exp == null || exp <= now - 120) {
            return "exp is " + claims.get("exp");
        }
        Double iat = number(claims.get("iat"));
        if (iat == null || iat < now - 86_400 - 5 || iat > now + 120 || iat > exp) {
            return "iat is " + claims.get("iat") + " (now " + now + ", maximum age 86400 s)";
        }
        if (claims.containsKey("nbf")) {
            Double nbf = number(claims.get("nbf"));
            if (nbf == null || nbf > now + 120) {
                return "nbf is " + claims.get("nbf");
            }
        }
        if (!sameId(claims.get("sub"), tenants.owner) && !mentionsAdmin(claims.get("groups"))) {
            return "sub " + claims.get("sub") + " is not the owner and groups " + claims.get("groups") + " grant no admin";
        }
        Object scope = claims.get("scope");
        if (scope instanceof String text && Arrays.stream(text.trim().split("\\s+")).noneMatch(s -> s.equals(READ) || s.equals(WRITE))) {
            return "scope '" + text + "' holds neither " + READ + " nor " + WRITE;
        }
        return null;
    }

    private static boolean sameId(Object claim, UUID id) {
        return claim instanceof String text && text.trim().equalsIgnoreCase(id.toString());
    }

    private static Double number(Object claim) {
        return claim instanceof Number n ? n.doubleValue() : null;
    }

    private static boolean mentionsAdmin(Object groups) {
        if (groups instanceof String text) {
            return Arrays.stream(text.split("[\\s,]+")).anyMatch(g -> g.equalsIgnoreCase("admin"));
        }
        if (groups instanceof List<?> list) {
            return list.stream().anyMatch(g -> g instanceof String text && text.trim().equalsIgnoreCase("admin"));
        }
        return false;
    }

    // ------------------------------------------------------------------ shared checks

    private Answer send(Violations violations, Request request) {
        try {
            return request.send();
        } catch (UncheckedIOException e) {
            violations.add(request, "no answer: " + e.getCause());
            return null;
        }
    }

    /** No 5xx, the error contract on every error, and nothing the caller may not see that the request did not itself carry. */
    private String commonProblem(Request request, Answer answer, Caller caller) {
        if (answer.status() >= 500) {
            return "server error: " + answer.describe();
        }
        String contract = RawHttp.errorContractProblem(answer);
        if (contract != null) {
            return contract;
        }
        String sent = request + " " + RawHttp.percentDecode(request.rawPathAndQuery());
        String leaked = Tenants.leaked(answer.body(), sent,
                caller == Caller.OWNER ? tenants.hiddenFromOwner() : tenants.hiddenFromAdminOfA());
        return leaked == null ? null : "the answer shows an id or secret the caller may not see: " + leaked + " in " + answer.describe();
    }

    /**
     * A success shows only rows the caller may see: for the owner, the owner's own tokens; for
     * A's administrator, A's tokens and users. Lists count no more than that either.
     */
    private String successProblem(Answer answer, Caller caller) {
        if (answer.status() == 204 || answer.body().isEmpty()) {
            return null;
        }
        JsonNode body = answer.json();
        if (body == null) {
            return "a success without a JSON body: " + answer.describe();
        }
        Set<String> allowed = caller == Caller.OWNER ? tenants.ownerTokens() : union(tenants.tokensOfA(), tenants.usersOfA());
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(items::add);
            String count = answer.header("Pagination-Count");
            if (count != null && Long.parseLong(count) > allowed.size()) {
                return "Pagination-Count exceeds the rows the caller may see: " + count + " > " + allowed.size() + " in " + answer.describe();
            }
        } else {
            items.add(body);
        }
        for (JsonNode item : items) {
            if (!allowed.contains(item.path("id").asText())) {
                return "the answer shows a row the caller may not see: " + item.path("id").asText() + " in " + answer.describe();
            }
            if (caller == Caller.OWNER && !tenants.owner.toString().equals(item.path("userId").asText())) {
                return "the answer shows another user's token: user " + item.path("userId").asText() + " in " + answer.describe();
            }
        }
        return null;
    }

    private void assertOthersUnchanged(Map<UUID, String> before, Violations violations) {
        Map<UUID, String> after = tenants.snapshotOfOthers();
        before.forEach((id, row) -> {
            if (!row.equals(after.get(id))) {
                violations.add("row " + id, "a row the caller may not change changed: " + row + " -> " + after.get(id));
            }
        });
    }

    private static String codeOf(Answer answer) {
        JsonNode json = answer.json();
        return json == null ? null : json.path("code").asText(null);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Object> pool(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    private static String json(Object value) {
        try {
            return RawHttp.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String percentEncodeEverything(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append('%').append(String.format("%02X", (int) c));
        }
        return out.toString();
    }

    /** The replay promise of {@link Samples}: the same seed draws the same inputs. */
    @Test
    void theSamplesOfASeedAreTheSameEveryTime() {
        Arbitrary<String> ids = pathIds();
        assertEquals(Samples.draw(ids, 50, 42L), Samples.draw(ids, 50, 42L));
    }
}
