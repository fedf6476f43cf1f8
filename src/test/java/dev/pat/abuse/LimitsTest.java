package dev.pat.abuse;

import static dev.pat.abuse.Tenants.READ;
import static dev.pat.abuse.Tenants.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.abuse.RawHttp.Answer;
import dev.pat.abuse.RawHttp.Request;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every limit ends in a clear client error, never a 500: header size (16K configured), body size
 * (64K), page size, string and array lengths, timestamps beyond what the database stores, and the
 * number of active tokens a user may hold (3 in this profile, against the default 100).
 */
@QuarkusTest
@TestProfile(LimitsTest.ThreeActiveTokensPerUser.class)
class LimitsTest {

    public static class ThreeActiveTokensPerUser implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pat.tokens.max-active-per-user", "3");
        }
    }

    private static final String TOKENS = "/v3/personal-access-tokens";
    private static final int KB = 1024;

    @Inject
    Fixtures fixtures;

    private Owner owner;
    private UUID token;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
        token = fixtures.token(owner.accountId(), owner.userId(), "existing", null, null, true, READ);
    }

    // ------------------------------------------------------------------ header size

    @Test
    void anAuthorizationHeaderOf20KbIs431() {
        Answer answer = RawHttp.get(TOKENS + "/" + token).header("Authorization", "Bearer " + "a".repeat(20 * KB)).send();
        assertEquals(431, answer.status(), answer::describe);
        assertJsonIfAny(answer);
    }

    @Test
    void anOversizedJwtIs431() {
        // A really signed token whose claims were padded past the limit: the size check comes before any parsing.
        Map<String, Object> claims = RawJwt.claims(owner.accountId(), owner.userId(), "user");
        claims.put("padding", "p".repeat(20 * KB));
        Answer answer = RawHttp.get(TOKENS + "/" + token).bearer(RawJwt.rs256(RawJwt.rs256Header(), claims)).send();
        assertEquals(431, answer.status(), answer::describe);
        assertJsonIfAny(answer);
    }

    @Test
    void manyHeadersTogetherOverTheLimitAre431() {
        Request request = RawHttp.get(TOKENS + "/" + token).bearer(owner.jwt());
        for (int i = 0; i < 400; i++) {
            request.header("X-Filler-" + i, "f".repeat(60));
        }
        Answer answer = request.send();
        assertEquals(431, answer.status(), answer::describe);
        assertJsonIfAny(answer);
    }

    @Test
    void aLargeButAllowedAuthorizationHeaderIsAnOrdinary401() {
        Answer answer = RawHttp.get(TOKENS + "/" + token).header("Authorization", "Bearer " + "a".repeat(12 * KB)).send();
        assertEquals(401, answer.status(), answer::describe);
        assertNull(RawHttp.errorContractProblem(answer), answer::describe);
    }

    @Test
    void anOversizedRequestLineIs414() {
        Answer answer = RawHttp.get(TOKENS + "?name=" + "n".repeat(6 * KB)).bearer(owner.jwt()).send();
        assertEquals(414, answer.status(), answer::describe);
        assertJsonIfAny(answer);
    }

    // ------------------------------------------------------------------ body size

    @Test
    void aBodyOf100KbIs413() {
        for (String method : List.of("POST", "PATCH")) {
            String path = method.equals("POST") ? TOKENS : TOKENS + "/" + token;
            // Expect: 100-continue lets the server refuse on Content-Length before the body is sent, so
            // the answer cannot be lost to a reset of the connection while the client still writes.
            Request request = new Request(method, path).json(paddedBody(100 * KB)).bearer(owner.jwt()).expectContinue();
            Answer answer = request.send();
            assertEquals(413, answer.status(), () -> method + ": " + answer.describe());
            assertJsonIfAny(answer);
        }
    }

    /**
     * No Content-Length: the limit must hold while reading. The body is a valid create padded with
     * JSON whitespace, so that read whole it would be stored: only the limit stands between it and
     * a new token. The control proves that: the same body under the limit creates one.
     */
    @Test
    void aChunkedBodyOf100KbIsAnswered413AndStoresNothing() throws Exception {
        Exchange control = chunked(TOKENS, owner.jwt(), whitespacePadded("chunked control", 60 * KB));
        assertEquals(201, control.status(), control::describe);
        assertEquals(1, fixtures.count("select count(*) from personal_access_token where user_id = ? and name = 'chunked control'",
                owner.userId()));

        Exchange refused = chunked(TOKENS, owner.jwt(), whitespacePadded("chunked big", 100 * KB));
        // What the client sees: an answer, not a connection cut before one.
        assertFalse(refused.cut(), refused::describe);
        assertEquals(413, refused.status(), refused::describe);
        assertJsonIfAny(refused.answer());
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where user_id = ? and name = 'chunked big'",
                owner.userId()));
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAndJudged() {
        Answer answer = RawHttp.post(TOKENS, paddedBody(60 * KB)).bearer(owner.jwt()).send();
        assertValidation(answer, "padding");
    }

    // ------------------------------------------------------------------ string, page and array lengths

    @Test
    void aNameOf10001CharactersIs400() {
        String name = "x".repeat(10_001);
        assertValidation(RawHttp.post(TOKENS, json("name", name, "scopes", List.of(READ))).bearer(owner.jwt()).send(), "name");
        UUID live = fixtures.token(owner.accountId(), owner.userId(), "live", null, null, false, READ);
        assertValidation(RawHttp.patch(TOKENS + "/" + live, json("name", name)).bearer(owner.jwt()).send(), "name");
        assertEquals("live", fixtures.single("select name from personal_access_token where id = ?", live));
    }

    @Test
    void aLimitOf1000Is400() {
        assertValidation(RawHttp.get(TOKENS + "?limit=1000").bearer(owner.jwt()).send(), "limit");
        for (String query : List.of("limit=101", "limit=0", "limit=-1", "limit=99999999999", "page=0", "page=-5",
                "page=99999999999")) {
            Answer answer = RawHttp.get(TOKENS + "?" + query).bearer(owner.jwt()).send();
            assertEquals(400, answer.status(), () -> query + ": " + answer.describe());
            assertNull(RawHttp.errorContractProblem(answer), () -> query + ": " + answer.describe());
        }
        Answer control = RawHttp.get(TOKENS + "?limit=100").bearer(owner.jwt()).send();
        assertEquals(200, control.status(), control::describe);
    }

    @Test
    void aFilterValueOf1000CharactersIs400() {
        assertValidation(RawHttp.get(TOKENS + "?name%5Bcn%5D=" + "n".repeat(1_000)).bearer(owner.jwt()).send(), "name[cn]");
    }

    @Test
    void aThousandScopesAre400() {
        List<String> unknown = IntStream.range(0, 1_000).mapToObj(i -> "scope-" + i).collect(Collectors.toList());
        assertScopesRefused(RawHttp.post(TOKENS, json("name", "many", "scopes", unknown)).bearer(owner.jwt()).send());

        List<String> repeated = Collections.nCopies(1_000, READ);
        assertScopesRefused(RawHttp.post(TOKENS, json("name", "many", "scopes", repeated)).bearer(owner.jwt()).send());

        UUID live = fixtures.token(owner.accountId(), owner.userId(), "live", null, null, false, READ);
        assertScopesRefused(RawHttp.patch(TOKENS + "/" + live, json("scopes", repeated)).bearer(owner.jwt()).send());
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where user_id = ? and name = 'many'", owner.userId()));
    }

    /**
     * An array over the limit is refused as a whole: the answer does not grow with the input. As
     * it is, 1,000 unknown scopes yield 1,000 entries in errors[], each listing every known scope.
     */
    @Test
    void theAnswerToAnOversizedArrayStaysSmall() {
        List<String> unknown = IntStream.range(0, 1_000).mapToObj(i -> "scope-" + i).collect(Collectors.toList());
        Answer answer = RawHttp.post(TOKENS, json("name", "many", "scopes", unknown)).bearer(owner.jwt()).send();
        assertEquals(400, answer.status(), answer::describe);
        assertTrue(answer.body().length() < 16 * KB, () -> "a 400 for a 1,000-element array is " + answer.body().length()
                + " characters long; the array length should be limited and refused once, e.g. errors: [{field: scopes, "
                + "message: at most N}], not element by element");
    }

    // ------------------------------------------------------------------ timestamps beyond the database's range

    /** PostgreSQL's timestamptz ends in the year 294276; java.time.Instant goes to the year 1,000,000,000. */
    @Test
    void anExpiryBeyondWhatTheDatabaseStoresIs400() {
        UUID live = fixtures.token(owner.accountId(), owner.userId(), "live", null, null, false, READ);
        String before = String.valueOf(fixtures.single("select concat_ws('|', version, expires_at, last_rotated_at)"
                + " from personal_access_token where id = ?", live));
        Violations violations = new Violations("expiresAt beyond the database's range");
        for (String instant : List.of("+294277-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z")) {
            List<Request> requests = List.of(
                    RawHttp.post(TOKENS, json("name", "far", "scopes", List.of(READ), "expiresAt", instant)).bearer(owner.jwt()),
                    RawHttp.patch(TOKENS + "/" + live, json("expiresAt", instant)).bearer(owner.jwt()),
                    new Request("POST", TOKENS + "/" + live + "/rotate").json(json("expiresAt", instant)).bearer(owner.jwt()));
            for (Request request : requests) {
                violations.addIf(request, validationProblem(request.send(), "expiresAt"));
                violations.sampled();
            }
        }
        violations.assertNone();
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where user_id = ? and name = 'far'", owner.userId()));
        assertEquals(before, String.valueOf(fixtures.single("select concat_ws('|', version, expires_at, last_rotated_at)"
                + " from personal_access_token where id = ?", live)));
    }

    @Test
    void aTimeFilterBeyondWhatTheDatabaseStoresIs400() {
        Violations violations = new Violations("time filters beyond the database's range");
        for (String instant : List.of("+294277-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z")) {
            for (String key : List.of("createdAt[gt]", "expiresAt[lte]")) {
                Request request = RawHttp.get(TOKENS + "?" + RawHttp.encode(key) + "=" + RawHttp.encode(instant)).bearer(owner.jwt());
                violations.addIf(request, validationProblem(request.send(), key));
                violations.sampled();
            }
        }
        violations.assertNone();
    }

    // ------------------------------------------------------------------ active tokens per user

    @Test
    void aUserHoldsAtMostThreeActiveTokens() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Answer created = create(owner.jwt(), "token " + i);
            assertEquals(201, created.status(), created::describe);
            ids.add(created.json().path("id").asText());
        }
        Answer fourth = create(owner.jwt(), "token 4");
        assertEquals(409, fourth.status(), fourth::describe);
        assertEquals("too_many_tokens", fourth.json().path("code").asText(), fourth::describe);
        assertNull(RawHttp.errorContractProblem(fourth), fourth::describe);

        Answer revoked = RawHttp.patch(TOKENS + "/" + ids.get(0), json("revoked", true)).bearer(owner.jwt()).send();
        assertEquals(200, revoked.status(), revoked::describe);
        Answer afterRevoke = create(owner.jwt(), "token 5");
        assertEquals(201, afterRevoke.status(), () -> "a revoked token no longer counts: " + afterRevoke.describe());
        assertEquals(409, create(owner.jwt(), "token 6").status(), "the limit holds again");

        fixtures.update("update personal_access_token set expires_at = now() - interval '1 second' where id = ?",
                UUID.fromString(ids.get(1)));
        Answer afterExpiry = create(owner.jwt(), "token 7");
        assertEquals(201, afterExpiry.status(), () -> "an expired token no longer counts: " + afterExpiry.describe());

        assertEquals(204, RawHttp.delete(TOKENS + "/" + ids.get(2)).bearer(owner.jwt()).send().status());
        Answer afterDelete = create(owner.jwt(), "token 8");
        assertEquals(201, afterDelete.status(), () -> "a deleted token no longer counts: " + afterDelete.describe());

        assertEquals(3, activeTokens(owner.userId()));
    }

    @Test
    void theLimitIsPerUser() {
        for (int i = 1; i <= 3; i++) {
            assertEquals(201, create(owner.jwt(), "mine " + i).status());
        }
        Owner colleague = fixtures.owner(owner.accountId());
        Answer theirs = create(colleague.jwt(), "theirs");
        assertEquals(201, theirs.status(), () -> "another user of the account is not limited by this one's tokens: " + theirs.describe());
    }

    /** The count and the insert must not race: ten simultaneous creates of a user with none leave exactly three. */
    @Test
    void simultaneousCreatesCannotExceedTheLimit() throws InterruptedException, ExecutionException {
        Owner racer = fixtures.owner(owner.accountId());
        String racerJwt = racer.jwt();
        int attempts = 10;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Integer>> creates = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String name = "racer " + i;
                creates.add(() -> {
                    start.await();
                    return create(racerJwt, name).status();
                });
            }
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> create : creates) {
                futures.add(pool.submit(create));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            long createdCount = statuses.stream().filter(s -> s == 201).count();
            assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), () -> "statuses " + statuses);
            assertEquals(3, createdCount, () -> "statuses " + statuses);
            assertEquals(3, activeTokens(racer.userId()), () -> "active tokens in the database; statuses " + statuses);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Answer create(String credential, String name) {
        return RawHttp.post(TOKENS, json("name", name, "scopes", List.of(READ, WRITE))).bearer(credential).send();
    }

    private long activeTokens(UUID userId) {
        return fixtures.count("select count(*) from personal_access_token where user_id = ? and not revoked"
                + " and (expires_at is null or expires_at > now())", userId);
    }

    /** A valid create body, about {@code size} bytes long with JSON whitespace: read whole, it creates a token. */
    private static byte[] whitespacePadded(String name, int size) {
        String head = json("name", name, "scopes", List.of(READ));
        return (head.substring(0, head.length() - 1) + " ".repeat(Math.max(0, size - head.length())) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a client sees of a request whose body goes in chunks over a plain socket: the answer
     * the server wrote (read while the body is still being written, so that an answer sent early
     * is seen even if the server then closes), or nothing at all when the connection was cut first.
     */
    record Exchange(Answer answer, String error) {
        boolean cut() {
            return answer == null;
        }

        int status() {
            return answer == null ? -1 : answer.status();
        }

        String describe() {
            return answer == null ? "no answer, the connection was cut: " + error : answer.describe();
        }
    }

    private static Exchange chunked(String path, String jwt, byte[] body) throws Exception {
        try (Socket socket = new Socket(RawHttp.uri(path).getHost(), RawHttp.uri(path).getPort())) {
            socket.setSoTimeout(30_000);
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                Future<byte[]> received = reader.submit(() -> {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (InputStream in = socket.getInputStream()) {
                        byte[] buffer = new byte[8192];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            bytes.write(buffer, 0, n);
                        }
                    } catch (IOException endedByTheServer) {
                        // What arrived before the connection ended is what the client saw.
                    }
                    return bytes.toByteArray();
                });
                String error = null;
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + jwt
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    for (int from = 0; from < body.length; from += 4 * KB) {
                        int length = Math.min(4 * KB, body.length - from);
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, from, length);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException refusedWhileWriting) {
                    error = refusedWhileWriting.toString();
                }
                byte[] bytes = received.get(60, TimeUnit.SECONDS);
                return bytes.length == 0 ? new Exchange(null, error) : new Exchange(parse(new String(bytes, StandardCharsets.UTF_8)), error);
            } finally {
                reader.shutdownNow();
            }
        }
    }

    /** An HTTP/1.1 answer as text: its status, headers, and body (de-chunked when it came in chunks). */
    private static Answer parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            while (at < body.length()) {
                int lineEnd = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(body, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
            body = joined.toString();
        }
        return new Answer(status, java.net.http.HttpHeaders.of(headers, (name, value) -> true), body);
    }

    /** A valid create body plus an unknown "padding" field, about {@code size} bytes long. */
    private static String paddedBody(int size) {
        return json("name", "big", "scopes", List.of(READ), "padding", "p".repeat(size));
    }

    private static String json(Object... namesAndValues) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        try {
            return RawHttp.JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers produced by the HTTP layer may have no body; if they have one, it keeps the error contract. */
    private static void assertJsonIfAny(Answer answer) {
        if (answer.isJson() || (answer.body() != null && answer.body().trim().startsWith("{"))) {
            JsonNode body = answer.json();
            assertTrue(body != null && body.path("message").isTextual() && body.path("code").isTextual(),
                    () -> "a JSON error body must have message and code: " + answer.describe());
        }
    }

    private static void assertScopesRefused(Answer answer) {
        JsonNode body = assertValidation(answer);
        boolean namesScopes = false;
        for (JsonNode error : body.path("errors")) {
            namesScopes |= error.path("field").asText().startsWith("scopes");
        }
        assertTrue(namesScopes, () -> "errors should name scopes: " + answer.describe());
    }

    /** 400 validation_failed in the JSON error contract, whose errors[] name at least the given fields. */
    private static JsonNode assertValidation(Answer answer, String... fields) {
        String problem = validationProblem(answer, fields);
        assertNull(problem, problem);
        return answer.json();
    }

    private static String validationProblem(Answer answer, String... fields) {
        if (answer.status() != 400) {
            return "expected 400 validation_failed, got " + answer.describe();
        }
        String contract = RawHttp.errorContractProblem(answer);
        if (contract != null) {
            return contract;
        }
        JsonNode body = answer.json();
        if (!"validation_failed".equals(body.path("code").asText()) || !body.path("errors").isArray() || body.path("errors").isEmpty()) {
            return "expected code validation_failed with errors[]: " + answer.describe();
        }
        Set<String> named = new TreeSet<>();
        for (JsonNode error : body.path("errors")) {
            if (!error.path("field").isTextual() || !error.path("message").isTextual()) {
                return "an errors[] entry without field and message: " + answer.describe();
            }
            named.add(error.path("field").asText());
        }
        for (String field : fields) {
            if (!named.contains(field)) {
                return "errors should name " + field + " but name " + named + ": " + answer.describe();
            }
        }
        return null;
    }
}
