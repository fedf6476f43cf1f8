package dev.pat.token;

import static dev.pat.support.TokenApi.READ;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A list answer costs at most four statements, whatever the page size: the page's ids, their
 * graphs (every token with its to-one user graph, in one statement), their owners' metadata (one
 * statement) and the count (the account's tally for an unfiltered list, a bounded count
 * otherwise); a last page (shorter than the limit) only the first three. Counted with
 * pg_stat_statements as in {@link StatementCountTest}.
 */
@QuarkusTest
class TokenListStatementCountTest {

    private static final int TOKENS = 32;

    /** As in StatementCountTest: leaves out our own bookkeeping and pgjdbc's session settings. */
    private static final String SINCE_RESET = " from pg_stat_statements"
            + " where query not ilike '%pg_stat_statements%'"
            + " and query not ilike 'SET extra_float_digits%'"
            + " and query not ilike 'SET application_name%'"
            // The batched lastUsedAt writer may flush other tests' uses within the window.
            + " and query not ilike 'update personal_access_token t set last_used_at%'";

    @Inject
    Fixtures fixtures;

    private String adminJwt;

    @BeforeEach
    void arrange() {
        fixtures.update("create extension if not exists pg_stat_statements");
        UUID accountId = UUID.randomUUID();
        UUID reseller = fixtures.reseller(accountId, "Count Reseller");
        UUID organization = fixtures.organization(accountId, reseller, "Count Org");
        // Several owners with the richest graph, so a lazy load per user or per token would show.
        UUID[] users = {
            fixtures.user(accountId, organization, reseller, "user"),
            fixtures.user(accountId, organization, null, "user"),
            fixtures.user(accountId, null, reseller, "admin"),
            fixtures.user(accountId, null, null, "user")};
        for (int i = 0; i < TOKENS; i++) {
            fixtures.token(accountId, users[i % users.length], "counted " + i, null,
                    i % 3 == 0 ? null : Instant.parse("2030-01-01T00:00:00Z"), i % 5 == 0, READ);
        }
        adminJwt = Jwts.admin(accountId, UUID.randomUUID());
    }

    @Test
    void aFullPageIssuesIdsGraphsMetadataAndCountTheLastPageNoCount() {
        // One request first, so what is counted does not depend on which test class ran first.
        listPage(Map.of("limit", "25"), 25);
        fixtures.single("select 1 from pg_stat_statements_reset()");

        listPage(Map.of("limit", "25"), 25);
        // Last pages: their size tells the total, so no count is run.
        listPage(Map.of("limit", "25", "page", "2"), TOKENS - 25);
        listPage(Map.of("limit", "100", "sort", "-name", "name[cn]", "counted"), TOKENS);
        long statements = 4 + 3 + 3;

        await().atMost(Duration.ofSeconds(10)).until(() -> total() >= statements);
        assertEquals(statements, total(), () -> "Statements since the reset:\n" + report());
        assertEquals(statements, fixtures.count("select coalesce(sum(calls), 0)::bigint" + SINCE_RESET
                        + " and (query ilike '%personal_access_token%' or query ilike '%token_tally%')"),
                () -> "Every statement should read the tokens or their tally:\n" + report());
    }

    private void listPage(Map<String, String> query, int expectedSize) {
        Response response = TokenApi.list(adminJwt, query);
        assertEquals(expectedSize, TokenApi.ids(response).size(), response::asString);
        assertEquals(String.valueOf(TOKENS), response.header("Pagination-Count"));
    }

    private long total() {
        return fixtures.count("select coalesce(sum(calls), 0)::bigint" + SINCE_RESET);
    }

    private String report() {
        return String.join("\n", fixtures.column("select calls || ' x ' || query" + SINCE_RESET + " order by calls desc")
                .stream().map(row -> String.valueOf(row)).toList());
    }
}
