package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static dev.pat.support.TokenApi.WRITE;
import static dev.pat.support.TokenApi.ids;
import static dev.pat.support.TokenApi.list;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.support.SeedContract;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GET /v3/personal-access-tokens against a dataset whose every answer is known: seven tokens of one
 * user with distinct names, creation times, expiries and revocations, two tokens of another user of
 * the account, and two tokens of another account (one named like the owner's).
 */
@QuarkusTest
class TokenListTest {

    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @Inject
    Fixtures fixtures;

    private Owner owner;
    private Owner other;
    private Owner foreignAdmin;
    private String adminJwt;
    /** The owner's tokens, index = position in creation order. */
    private final List<String> owned = new ArrayList<>();
    private String otherEarly;
    private String otherLate;
    private List<String> foreign;

    @BeforeEach
    void arrange() {
        owner = fixtures.owner();
        other = fixtures.owner(owner.accountId());
        owned.clear();
        // First letters differ, so the name order is the same under any collation.
        owned.add(token(owner.accountId(), owner.userId(), "delta-deploy-key", hours(0), null, false, null));
        owned.add(token(owner.accountId(), owner.userId(), "alpha-ci", hours(1), at("2031-01-01T00:00:00Z"), false, at("2024-03-01T00:00:00Z")));
        owned.add(token(owner.accountId(), owner.userId(), "echo-backup", hours(2), at("2029-06-01T00:00:00Z"), true, null));
        owned.add(token(owner.accountId(), owner.userId(), "charlie-CI-runner", hours(3), null, false, null));
        owned.add(token(owner.accountId(), owner.userId(), "golf-monitor", hours(4), at("2030-01-01T00:00:00Z"), false, at("2024-02-01T00:00:00Z")));
        owned.add(token(owner.accountId(), owner.userId(), "bravo-build-cache", hours(5), null, true, null));
        owned.add(token(owner.accountId(), owner.userId(), "foxtrot-nightly-ci-export", hours(6), at("2028-01-01T00:00:00Z"), false, null));
        // Interleaved in time with the owner's, so a missing owner condition would show in any page.
        otherEarly = token(owner.accountId(), other.userId(), "india-other", T.plus(Duration.ofMinutes(30)), null, false, null);
        otherLate = token(owner.accountId(), other.userId(), "juliet-other", T.plus(Duration.ofMinutes(90)), null, false, null);

        foreignAdmin = fixtures.administrator();
        foreign = List.of(
                token(foreignAdmin.accountId(), foreignAdmin.userId(), "alpha-ci", hours(1), null, false, null),
                token(foreignAdmin.accountId(), foreignAdmin.userId(), "kilo-foreign", hours(2), null, false, null));

        adminJwt = Jwts.admin(owner.accountId(), UUID.randomUUID());
    }

    @Test
    void defaultsAreFirstPageOf25ByCreationTime() {
        Response response = list(owner.jwt());
        assertEquals(owned(0, 1, 2, 3, 4, 5, 6), ids(response));
        assertPagination(response, 7, 1, 25);
        for (JsonNode token : SeedContract.parse(response.asString())) {
            SeedContract.assertTokenShape(token);
            assertEquals(owner.userId().toString(), token.get("userId").asText());
        }
    }

    @Test
    void pagesSliceTheOrderedResult() {
        Response second = list(owner.jwt(), Map.of("limit", "3", "page", "2"));
        assertEquals(owned(3, 4, 5), ids(second));
        assertPagination(second, 7, 2, 3);

        Response third = list(owner.jwt(), Map.of("limit", "3", "page", "3"));
        assertEquals(owned(6), ids(third));
        assertPagination(third, 7, 3, 3);

        Response beyond = list(owner.jwt(), Map.of("limit", "3", "page", "4"));
        assertEquals(List.of(), ids(beyond));
        assertPagination(beyond, 7, 4, 3);

        assertEquals(owned(0, 2, 6), ids(list(owner.jwt(), Map.of("sort", "name", "limit", "3", "page", "2"))));
    }

    @Test
    void sorting() {
        assertEquals(owned(0, 1, 2, 3, 4, 5, 6), ids(list(owner.jwt(), Map.of("sort", "createdAt"))));
        assertEquals(owned(6, 5, 4, 3, 2, 1, 0), ids(list(owner.jwt(), Map.of("sort", "-createdAt"))));
        assertEquals(owned(1, 5, 3, 0, 2, 6, 4), ids(list(owner.jwt(), Map.of("sort", "name"))));
        assertEquals(owned(4, 6, 2, 0, 3, 5, 1), ids(list(owner.jwt(), Map.of("sort", "-name"))));

        // Tokens without an expiry or a use come last either way; among them only the id decides.
        List<String> byExpiry = ids(list(owner.jwt(), Map.of("sort", "expiresAt")));
        assertEquals(owned(6, 2, 4, 1), byExpiry.subList(0, 4));
        assertEquals(Set.copyOf(owned(0, 3, 5)), Set.copyOf(byExpiry.subList(4, 7)));
        assertEquals(owned(1, 4, 2, 6), ids(list(owner.jwt(), Map.of("sort", "-expiresAt"))).subList(0, 4));
        assertEquals(owned(4, 1), ids(list(owner.jwt(), Map.of("sort", "lastUsedAt"))).subList(0, 2));
        assertEquals(owned(1, 4), ids(list(owner.jwt(), Map.of("sort", "-lastUsedAt"))).subList(0, 2));
    }

    @Test
    void nameFilters() {
        assertEquals(owned(4), ids(list(owner.jwt(), Map.of("name[eq]", "golf-monitor"))));
        assertEquals(owned(4), ids(list(owner.jwt(), Map.of("name", "golf-monitor"))));
        assertEquals(owned(0, 1, 2, 3, 5, 6), ids(list(owner.jwt(), Map.of("name[ne]", "golf-monitor"))));
        assertEquals(owned(3), ids(list(owner.jwt(), Map.of("name[sw]", "CH"))));
        assertEquals(owned(1), ids(list(owner.jwt(), Map.of("name[ew]", "CI"))));
        assertEquals(owned(1, 3, 6), ids(list(owner.jwt(), Map.of("name[cn]", "Ci"))));
        // LIKE wildcards in a value are literal characters.
        assertEquals(List.of(), ids(list(owner.jwt(), Map.of("name[cn]", "%"))));
        assertEquals(List.of(), ids(list(owner.jwt(), Map.of("name[cn]", "_"))));
        assertEquals(List.of(), ids(list(owner.jwt(), Map.of("name[sw]", "a%"))));
    }

    @Test
    void revokedFilter() {
        assertEquals(owned(2, 5), ids(list(owner.jwt(), Map.of("revoked", "true"))));
        assertEquals(owned(0, 1, 3, 4, 6), ids(list(owner.jwt(), Map.of("revoked", "false"))));
    }

    @Test
    void timeFilters() {
        String twoHours = hours(2).toString();
        assertEquals(owned(3, 4, 5, 6), ids(list(owner.jwt(), Map.of("createdAt[gt]", twoHours))));
        assertEquals(owned(2, 3, 4, 5, 6), ids(list(owner.jwt(), Map.of("createdAt[gte]", twoHours))));
        assertEquals(owned(0, 1, 2), ids(list(owner.jwt(), Map.of("createdAt[lte]", twoHours))));
        assertEquals(owned(0, 1), ids(list(owner.jwt(), Map.of("createdAt[lt]", twoHours))));
        assertEquals(owned(2, 3), ids(list(owner.jwt(), Map.of("createdAt[gte]", twoHours, "createdAt[lt]", hours(4).toString()))));
        assertEquals(owned(2, 6), ids(list(owner.jwt(), Map.of("expiresAt[lt]", "2030-01-01T00:00:00Z"))));
        assertEquals(owned(1, 4), ids(list(owner.jwt(), Map.of("expiresAt[gte]", "2030-01-01T00:00:00Z"))));
        assertEquals(owned(1, 4), ids(list(owner.jwt(), Map.of("lastUsedAt[gt]", "2024-01-15T00:00:00Z"))));
        assertEquals(owned(4), ids(list(owner.jwt(), Map.of("lastUsedAt[lt]", "2024-02-15T00:00:00Z"))));
    }

    @Test
    void filtersCombineWithSortAndPages() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("name[cn]", "ci");
        query.put("revoked", "false");
        query.put("sort", "-createdAt");
        assertEquals(owned(6, 3, 1), ids(list(owner.jwt(), query)));

        query.put("limit", "2");
        query.put("page", "2");
        Response page = list(owner.jwt(), query);
        assertEquals(owned(1), ids(page));
        assertPagination(page, 3, 2, 2);
    }

    @Test
    void anAdminListsTheWholeAccountAndNothingElse() {
        Response response = list(adminJwt);
        List<String> expected = List.of(owned.get(0), otherEarly, owned.get(1), otherLate, owned.get(2), owned.get(3),
                owned.get(4), owned.get(5), owned.get(6));
        assertEquals(expected, ids(response));
        assertPagination(response, 9, 1, 25);

        // The other account's token of the same name stays out of a name filter too.
        assertEquals(owned(1), ids(list(adminJwt, Map.of("name[cn]", "alpha"))));
    }

    @Test
    void anAdminFiltersByUser() {
        assertEquals(List.of(otherEarly, otherLate), ids(list(adminJwt, Map.of("userId", other.userId().toString()))));
        assertEquals(owned, ids(list(adminJwt, Map.of("userId", owner.userId().toString()))));
        Response foreignUser = list(adminJwt, Map.of("userId", foreignAdmin.userId().toString()));
        assertEquals(List.of(), ids(foreignUser));
        assertPagination(foreignUser, 0, 1, 25);
    }

    @Test
    void aUserListsOnlyTheirOwn() {
        assertEquals(List.of(otherEarly, otherLate), ids(list(other.jwt())));
        // An admin of another account lists that account's tokens only.
        assertEquals(foreign, ids(list(foreignAdmin.jwt())));
    }

    @Test
    void aUserCannotFilterByUser() {
        TokenApi.assertValidation(list(owner.jwt(), Map.of("userId", owner.userId().toString())), "userId");
        TokenApi.assertValidation(list(owner.jwt(), Map.of("userId", other.userId().toString())), "userId");
        // The operator form is the same filter and must be refused the same way.
        TokenApi.assertValidation(list(owner.jwt(), Map.of("userId[eq]", other.userId().toString())), "userId[eq]");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "limit          | 0                    | limit",
        "limit          | 101                  | limit",
        "limit          | ten                  | limit",
        "page           | 0                    | page",
        "page           | x                    | page",
        "page           | -1                   | page",
        "sort           | secretDigest         | sort",
        "sort           | -secretDigest        | sort",
        "sort           | revoked              | sort",
        "sort           | ''                   | sort",
        "foo            | 1                    | foo",
        "secretDigest   | abc                  | secretDigest",
        "name[gt]       | x                    | name[gt]",
        "name[like]     | x                    | name[like]",
        "createdAt      | 2024-01-01T00:00:00Z | createdAt",
        "createdAt[gt]  | yesterday            | createdAt[gt]",
        "createdAt[cn]  | 2024                 | createdAt[cn]",
        "expiresAt[lt]  | 2024-01-01           | expiresAt[lt]",
        "revoked        | maybe                | revoked",
        "revoked[gt]    | true                 | revoked[gt]",
        "userId         | not-a-uuid           | userId",
        "userId[ne]     | 00000000-0000-0000-0000-000000000000 | userId[ne]",
    })
    void aBadParameterIsRefusedNamingIt(String name, String value, String field) {
        TokenApi.assertValidation(list(adminJwt, Map.of(name, value)), field);
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        TokenApi.assertValidation(list(adminJwt, Map.of("limit", "0", "page", "0", "foo", "1", "revoked", "maybe")),
                "limit", "page", "foo", "revoked");
    }

    @Test
    void aRepeatedParameterIsRefused() {
        Response response = TokenApi.as(adminJwt).queryParam("limit", "1", "2")
                .when().get(TokenApi.TOKENS).then().extract().response();
        TokenApi.assertValidation(response, "limit");
    }

    @Test
    void listingNeedsATokenScope() {
        ErrorBodies.assertError(list(owner.scoped("user:read")), 403, "forbidden");
        assertEquals(7, ids(list(owner.scoped(READ))).size());
        assertEquals(7, ids(list(owner.scoped(WRITE))).size());
    }

    @Test
    void anonymousCannotList() {
        TokenApi.assertUnauthorized(list(null));
    }

    private List<String> owned(int... indexes) {
        List<String> ids = new ArrayList<>();
        for (int index : indexes) {
            ids.add(owned.get(index));
        }
        return ids;
    }

    private static void assertPagination(Response response, long count, int page, int limit) {
        assertEquals(String.valueOf(count), response.header("Pagination-Count"), "Pagination-Count");
        assertEquals(String.valueOf(page), response.header("Pagination-Page"), "Pagination-Page");
        assertEquals(String.valueOf(limit), response.header("Pagination-Limit"), "Pagination-Limit");
    }

    private static Instant hours(int hours) {
        return T.plus(Duration.ofHours(hours));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** A token row with the chosen times; Fixtures.token gives every token the same createdAt. */
    private String token(UUID account, UUID user, String name, Instant createdAt, Instant expiresAt, boolean revoked,
            Instant lastUsedAt) {
        UUID id = UUID.randomUUID();
        fixtures.update("insert into personal_access_token (id, account_id, user_id, created_at, updated_at, name,"
                        + " expires_at, revoked, scopes, secret_digest, last_used_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, account, user, Timestamp.from(createdAt), Timestamp.from(createdAt), name, timestamp(expiresAt), revoked,
                new String[] {READ}, Fixtures.sha256(id.toString()), timestamp(lastUsedAt));
        return id.toString();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
