package dev.pat.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pagination-Count of a filtered or searched list is exact up to 10,000 items and left out beyond
 * (what a list over a large account would otherwise spend its time counting); a filter that
 * narrows the list below the bound brings it back, and the pages themselves are unaffected. An
 * administrator's unfiltered token list is counted exactly at any size (the tally of migration V7).
 */
@QuarkusTest
class ListCountBoundTest {

    @Inject
    Fixtures fixtures;

    private String adminJwt;
    private String ownerJwt;

    @BeforeEach
    void arrange() {
        Owner admin = fixtures.administrator();
        UUID account = admin.accountId();
        // 10,001 tokens: 10,000 named "bulk …" and one more, in one statement.
        fixtures.update("insert into personal_access_token (id, account_id, user_id, created_at, updated_at, name, scopes, secret_digest)"
                + " select gen_random_uuid(), ?, ?, now() - g * interval '1 second', now(), case when g = 0 then 'the odd one' else 'bulk ' || g end,"
                + " '{personalAccessToken:read}', decode(md5(?::text || g), 'hex') from generate_series(0, 10000) g",
                account, admin.userId(), account);
        adminJwt = admin.jwt();
        // The same user without the administrator's role sees only its own tokens.
        ownerJwt = Jwts.user(account, admin.userId());
    }

    @Test
    void beyondTheBoundAFilteredCountIsLeftOut() {
        Response all = TokenApi.list(adminJwt, Map.of("limit", "100", "revoked", "false"));
        assertEquals(200, all.statusCode(), all::asString);
        assertEquals(100, TokenApi.ids(all).size());
        assertNull(all.header("Pagination-Count"), "more than 10,000 match: no count");
        assertEquals("1", all.header("Pagination-Page"));
        assertEquals("100", all.header("Pagination-Limit"));

        // Pages reach up to the deepest page (10,000 items in); a full page there cannot tell the total either.
        Response deepest = TokenApi.list(adminJwt, Map.of("limit", "100", "page", "100", "revoked", "false"));
        assertEquals(100, TokenApi.ids(deepest).size(), deepest::asString);
        assertNull(deepest.header("Pagination-Count"));
        // Beyond it a filter narrows the list, and a narrow enough filter is counted again.
        Response narrowed = TokenApi.list(adminJwt, Map.of("name", "the odd one", "revoked", "false"));
        assertEquals(1, TokenApi.ids(narrowed).size(), narrowed::asString);
        assertEquals("1", narrowed.header("Pagination-Count"));
    }

    @Test
    void anUnfilteredAccountListIsCountedExactlyBeyondTheBound() {
        Response all = TokenApi.list(adminJwt, Map.of("limit", "100"));
        assertEquals(200, all.statusCode(), all::asString);
        assertEquals(100, TokenApi.ids(all).size());
        assertEquals("10001", all.header("Pagination-Count"));
        assertEquals("10001", TokenApi.list(adminJwt, Map.of("limit", "10", "page", "7", "sort", "-name")).header("Pagination-Count"));
    }

    @Test
    void aUsersOwnListBeyondTheBoundHasNoCount() {
        Response own = TokenApi.list(ownerJwt, Map.of("limit", "100"));
        assertEquals(100, TokenApi.ids(own).size(), own::asString);
        assertNull(own.header("Pagination-Count"), "a user's own list is counted with the bound");
    }

    @Test
    void atTheBoundTheCountIsExact() {
        Response bulk = TokenApi.list(adminJwt, Map.of("name[sw]", "bulk"));
        assertEquals(25, TokenApi.ids(bulk).size());
        assertEquals("10000", bulk.header("Pagination-Count"));

        Response odd = TokenApi.list(adminJwt, Map.of("query", "odd one"));
        assertEquals("1", odd.header("Pagination-Count"));
    }
}
