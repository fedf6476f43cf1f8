package dev.pat.token;

import static dev.pat.support.SeedContract.TOKEN_PATH;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One SQL statement per GET: the token and its whole user graph in a single round trip, no lazy
 * loads, no N+1, no transaction statements around the read. Counted with pg_stat_statements,
 * which the embedded test PostgreSQL preloads.
 */
@QuarkusTest
class StatementCountTest {

    private static final int REQUESTS = 5;

    /**
     * Everything the database executed since the reset except our own bookkeeping: the statements
     * that read or reset pg_stat_statements, and the session settings pgjdbc sends when the JDBC pool
     * opens a connection (the service talks to the database through the reactive client, never JDBC).
     */
    private static final String SINCE_RESET = " from pg_stat_statements"
            + " where query not ilike '%pg_stat_statements%'"
            + " and query not ilike 'SET extra_float_digits%'"
            + " and query not ilike 'SET application_name%'"
            // SELECT 1: the token-change feed's heartbeat and the readiness check, on their own timers.
            + " and query <> 'SELECT $1'"
            // The batched lastUsedAt writer may flush other tests' token uses within the window.
            + " and query not ilike 'update personal_access_token t set last_used_at%'";

    @Inject
    Fixtures fixtures;

    private String adminJwt;
    private UUID tokenId;

    @BeforeEach
    void arrange() {
        fixtures.update("create extension if not exists pg_stat_statements");
        UUID accountId = UUID.randomUUID();
        UUID organizationReseller = fixtures.reseller(accountId, "Graph Reseller");
        UUID userReseller = fixtures.reseller(accountId, "Own Reseller");
        UUID organization = fixtures.organization(accountId, organizationReseller, "Graph Org");
        // The richest graph: organization with reseller, own reseller, two metadata entries.
        UUID user = fixtures.user(accountId, organization, userReseller, "user");
        tokenId = fixtures.token(accountId, user, "counted", null, Instant.parse("2030-01-01T00:00:00Z"), false,
                "personalAccessToken:read");
        adminJwt = Jwts.admin(accountId, UUID.randomUUID());
    }

    @Test
    void eachGetIssuesExactlyOneStatement() {
        // One request first, so what is counted does not depend on which test class ran first.
        getToken();
        // The function returns void (or a timestamp on PostgreSQL 17); selecting a constant from it
        // gives pgjdbc a plain integer to read, with no type lookup of its own.
        fixtures.single("select 1 from pg_stat_statements_reset()");

        for (int i = 0; i < REQUESTS; i++) {
            getToken();
        }

        // Statistics are recorded as each statement ends; wait until all requests are visible.
        await().atMost(Duration.ofSeconds(10)).until(() -> total() >= REQUESTS);
        assertEquals(REQUESTS, total(), () -> "Statements since the reset:\n" + report());
        assertEquals(REQUESTS, fixtures.count("select coalesce(sum(calls), 0)::bigint" + SINCE_RESET
                + " and query ilike '%personal_access_token%'"),
                () -> "The token read should be the one statement per request:\n" + report());
    }

    private void getToken() {
        given().header("Authorization", "Bearer " + adminJwt)
                .when().get(TOKEN_PATH, tokenId.toString())
                .then().statusCode(200)
                .body("user.metadata", hasSize(2));
    }

    private long total() {
        return fixtures.count("select coalesce(sum(calls), 0)::bigint" + SINCE_RESET);
    }

    private String report() {
        return String.join("\n", fixtures.column("select calls || ' x ' || query" + SINCE_RESET + " order by calls desc")
                .stream().map(row -> String.valueOf(row)).toList());
    }
}
