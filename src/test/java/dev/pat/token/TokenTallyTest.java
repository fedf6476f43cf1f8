package dev.pat.token;

import static dev.pat.support.DirectoryApi.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.DirectoryApi;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
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
        Owner admin = fixtures.administrator();
        Owner doomed = fixtures.owner(admin.accountId());
        UUID account = admin.accountId();
        assertCounted(account, admin.jwt(), 0);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(TokenApi.issue(admin.jwt(), "api " + i, READ).id());
        }
        for (int i = 0; i < 3; i++) {
            TokenApi.issue(doomed.jwt(), "doomed " + i, READ);
        }
        assertCounted(account, admin.jwt(), 8);

        fixtures.update("insert into personal_access_token (id, account_id, user_id, created_at, updated_at, name, scopes, secret_digest)"
                + " select gen_random_uuid(), ?, ?, now(), now(), 'sql ' || g, '{personalAccessToken:read}', decode(md5(?::text || g), 'hex')"
                + " from generate_series(1, 40) g", account, admin.userId(), account);
        assertCounted(account, admin.jwt(), 48);

        TokenApi.delete(admin.jwt(), ids.get(0)).then().statusCode(204);
        assertCounted(account, admin.jwt(), 47);

        TokenApi.patch(admin.jwt(), ids.get(1), TokenApi.fields("revoked", true)).then().statusCode(200);
        assertCounted(account, admin.jwt(), 47);

        DirectoryApi.delete(admin.jwt(), USERS + "/" + doomed.userId()).then().statusCode(204);
        assertCounted(account, admin.jwt(), 44);

        assertEquals(40, fixtures.update("delete from personal_access_token where account_id = ? and name like 'sql %'", account));
        assertCounted(account, admin.jwt(), 4);
    }

    @Test
    void concurrentCreatesInOneAccountAreAllCounted() throws Exception {
        Owner admin = fixtures.administrator();
        UUID account = admin.accountId();
        int writers = 8;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String jwt = fixtures.owner(account).jwt();
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
        assertCounted(account, admin.jwt(), writers * each);
    }

    @Test
    void anotherAccountsTokensAreNotCounted() {
        Owner first = fixtures.administrator();
        Owner second = fixtures.administrator();
        for (int i = 0; i < 3; i++) {
            fixtures.token(first.accountId(), first.userId(), "first " + i, null, null, false, READ);
        }
        fixtures.token(second.accountId(), second.userId(), "second", null, null, false, READ);
        assertCounted(first.accountId(), first.jwt(), 3);
        assertCounted(second.accountId(), second.jwt(), 1);
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
