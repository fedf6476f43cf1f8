package dev.pat.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each use of a secret is recorded, with the client address, in batches written about once a
 * second: many tokens used at once cost a few statements, not one each. GET .../usage shows it.
 */
@QuarkusTest
class TokenUsageTest {

    @Inject
    Fixtures fixtures;

    @Test
    void theUsageShowsWhenAndFromWhere() {
        String jwt = fixtures.owner().jwt();
        TokenApi.Issued token = TokenApi.issue(jwt, "used", "personalAccessToken:read");
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token.id() + "/usage").then().statusCode(200)
                .body("lastUsedAt", org.hamcrest.Matchers.nullValue())
                .body("lastUsedIps", org.hamcrest.Matchers.empty());

        // Not trusted as a proxy, so a forwarded address is not taken for the client's.
        given().auth().oauth2(token.secret()).header("X-Forwarded-For", "203.0.113.9").get("/v3/personal-access-tokens/self")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Response usage = given().auth().oauth2(token.secret()).get("/v3/personal-access-tokens/" + token.id() + "/usage");
            assertEquals(200, usage.statusCode(), usage::asString);
            assertEquals(List.of("127.0.0.1"), usage.jsonPath().getList("lastUsedIps"));
            assertTrue(usage.jsonPath().getString("lastUsedAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        });

        UUID stranger = fixtures.user(UUID.randomUUID(), null, null, "admin");
        ErrorBodies.assertError(given().auth().oauth2(Jwts.admin(UUID.randomUUID(), stranger))
                .get("/v3/personal-access-tokens/" + token.id() + "/usage"), 404, "not_found");
    }

    @Test
    void manyUsesAreWrittenInAFewStatements() {
        Owner owner = fixtures.owner();
        String jwt = owner.jwt();
        List<TokenApi.Issued> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(TokenApi.issue(jwt, "batched " + i, "personalAccessToken:read"));
        }
        fixtures.update("create extension if not exists pg_stat_statements");
        fixtures.single("select 1 from pg_stat_statements_reset()");
        for (TokenApi.Issued token : tokens) {
            TokenApi.self(token.secret()).then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> fixtures.count(
                "select count(*) from personal_access_token where user_id = ? and last_used_at is not null", owner.userId()) == 20);
        long statements = fixtures.count("select coalesce(sum(calls), 0)::bigint from pg_stat_statements"
                + " where query ilike 'update personal_access_token t%last_used_ips%'");
        assertTrue(statements >= 1 && statements < 10, statements + " statements for 20 tokens' uses");
    }
}
