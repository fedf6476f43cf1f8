package dev.pat.token;

import static dev.pat.support.DirectoryApi.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.DirectoryApi;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The account's token count that an unfiltered list answers in Pagination-Count (the tally the
 * token table's triggers keep, migration V7) agrees with the rows after every way a token comes
 * and goes: the API, SQL in one statement, a user's deletion, concurrent creates, and never
 * counts another account's tokens.
 */
@QuarkusTest
class TokenTallyTest {

    private static final String READ = "personalAccessToken:read";

    @Inject
    Fixtures fixtures;

    @Test
    void theCountFollowsEveryWayATokenComesAndGoes() {
        UUID account = UUID.randomUUID();
        UUID admin = fixtures.user(account, null, null, "admin");
        UUID doomed = fixtures.user(account, null, null, "user");
        String adminJwt = Jwts.admin(account, admin);
        assertCounted(account, adminJwt, 0);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(TokenApi.issue(adminJwt, "api " + i, READ).id());
        }
        String doomedJwt = Jwts.user(account, doomed);
        for (int i = 0; i < 3; i++) {
            TokenApi.issue(doomedJwt, "doomed " + i, READ);
        }
        assertCounted(account, adminJwt, 8);

        fixtures.update("insert into personal_access_token (id, account_id, user_id, created_at, updated_at, name, scopes, secret_digest)"
                + " select gen_random_uuid(), ?, ?, now(), now(), 'sql ' || g, '{personalAccessToken:read}', decode(md5(?::text || g), 'hex')"
                + " from generate_series(1, 40) g", account, admin, account);
        assertCounted(account, adminJwt, 48);

        TokenApi.delete(adminJwt, ids.get(0)).then().statusCode(204);
        assertCounted(account, adminJwt, 47);

        TokenApi.patch(adminJwt, ids.get(1), TokenApi.fields("revoked", true)).then().statusCode(200);
        assertCounted(account, adminJwt, 47);

        DirectoryApi.delete(adminJwt, USERS + "/" + doomed).then().statusCode(204);
        assertCounted(account, adminJwt, 44);

        assertEquals(40, fixtures.update("delete from personal_access_token where account_id = ? and name like 'sql %'", account));
        assertCounted(account, adminJwt, 4);
    }

    @Test
    void concurrentCreatesInOneAccountAreAllCounted() throws Exception {
        UUID account = UUID.randomUUID();
        UUID admin = fixtures.user(account, null, null, "admin");
        int writers = 8;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String jwt = Jwts.user(account, fixtures.user(account, null, null, "user"));
                int writer = w;
                done.add(pool.submit(() -> {
                    int created = 0;
                    for (int i = 0; i < each; i++) {
                        Response response = TokenApi.create(jwt, TokenApi.fields("name", "w" + writer + " " + i, "scopes", List.of(READ)));
                        assertEquals(201, response.statusCode(), response::asString);
                        created++;
                    }
                    return created;
                }));
            }
            int created = 0;
            for (Future<Integer> writer : done) {
                created += writer.get(60, TimeUnit.SECONDS);
            }
            assertEquals(writers * each, created);
        } finally {
            pool.shutdownNow();
        }
        assertCounted(account, Jwts.admin(account, admin), writers * each);
    }

    @Test
    void anotherAccountsTokensAreNotCounted() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID firstUser = fixtures.user(first, null, null, "admin");
        UUID secondUser = fixtures.user(second, null, null, "admin");
        for (int i = 0; i < 3; i++) {
            fixtures.token(first, firstUser, "first " + i, null, null, false, READ);
        }
        fixtures.token(second, secondUser, "second", null, null, false, READ);
        assertCounted(first, Jwts.admin(first, firstUser), 3);
        assertCounted(second, Jwts.admin(second, secondUser), 1);
    }

    /** The rows, the tally and the API's header agree; a page of one is the last only when there is none, so the header is the tally's. */
    private void assertCounted(UUID account, String adminJwt, long expected) {
        assertEquals(expected, fixtures.count("select count(*) from personal_access_token where account_id = ?", account), "rows");
        assertEquals(expected, fixtures.count("select coalesce(sum(tokens), 0)::bigint from token_tally where account_id = ?", account),
                "tally");
        Response page = TokenApi.list(adminJwt, Map.of("limit", "1"));
        assertEquals(200, page.statusCode(), page::asString);
        assertEquals(String.valueOf(expected), page.header("Pagination-Count"));
    }
}
