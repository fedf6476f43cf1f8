package dev.pat.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list reads its page's graphs with its own reader (repository.TokenGraphs, rows mapped by
 * hand), the single GET through Hibernate: every token of a list, over graphs of every shape
 * (organization with and without reseller, a user's own reseller, metadata in order with empty
 * and null values, nulls everywhere they may be), is the very body its GET answers, in the order
 * the database sorts them.
 */
@QuarkusTest
class TokenGraphsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fixtures fixtures;

    private UUID account;
    private String adminJwt;
    private UUID sparse;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void arrange() {
        account = UUID.randomUUID();
        UUID upper = fixtures.reseller(account, "Upper Reseller");
        UUID own = fixtures.reseller(account, "Own Reseller");
        UUID organization = fixtures.organization(account, upper, "Graph Org");
        UUID bare = fixtures.organization(account, null, "Bare Org");
        UUID rich = fixtures.user(account, organization, own, "admin");
        UUID middle = fixtures.user(account, bare, null, "user");
        sparse = fixtures.user(account, null, null, "user");
        fixtures.changeUser(rich, "tags = '{gold,beta}', company = 'Graph Ltd', last_login_at = now(), two_factor_enabled = true");
        fixtures.changeUser(sparse, "first_name = null, last_name = null, email_metrics = false");
        // Besides the fixture's plan (0) and region (1), written out of order: the body lists them by position.
        fixtures.metadata(account, rich, 3, "seats", null, new String[0], true);
        fixtures.metadata(account, rich, 2, "notes", "", new String[] {"admin"}, false);
        fixtures.update("delete from user_metadata where user_id = ?", sparse);

        ids.add(fixtures.token(account, rich, "alpha", null, null, false, "personalAccessToken:read").toString());
        ids.add(fixtures.token(account, rich, "bravo", null, Instant.parse("2031-01-02T03:04:05Z"), true,
                "personalAccessToken:read", "personalAccessToken:write").toString());
        ids.add(fixtures.token(account, middle, "charlie", null, null, false).toString());
        ids.add(fixtures.token(account, sparse, "delta", null, Instant.parse("2030-06-01T00:00:00Z"), false,
                "user:read").toString());
        fixtures.changeToken(UUID.fromString(ids.get(0)),
                "last_used_at = now() - interval '1 hour', last_used_ips = '{203.0.113.7,198.51.100.2}', last_rotated_at = now()");
        adminJwt = Jwts.admin(account, rich);
    }

    @Test
    void everyListedTokenIsTheBodyItsGetAnswers() throws Exception {
        Response page = TokenApi.list(adminJwt, Map.of("limit", "100"));
        assertEquals(200, page.statusCode(), page::asString);
        JsonNode listed = JSON.readTree(page.asString());
        assertEquals(ids.size(), listed.size(), page::asString);
        for (JsonNode item : listed) {
            Response single = TokenApi.get(adminJwt, item.get("id").asText());
            assertEquals(200, single.statusCode(), single::asString);
            assertEquals(JSON.readTree(single.asString()), item, "list and GET differ for " + item.get("name"));
        }
        JsonNode rich = byName(listed, "alpha");
        assertEquals(List.of("plan", "region", "notes", "seats"), keys(rich.get("user").get("metadata")));
        assertEquals("Upper Reseller", rich.get("user").get("organization").get("reseller").get("name").asText());
        assertEquals("Own Reseller", rich.get("user").get("reseller").get("name").asText());
    }

    @Test
    void theListKeepsTheDatabasesOrder() throws Exception {
        for (String sort : List.of("name", "-name", "createdAt", "-expiresAt", "lastUsedAt")) {
            JsonNode listed = JSON.readTree(TokenApi.list(adminJwt, Map.of("sort", sort, "limit", "2", "page", "2")).asString());
            String column = switch (sort.replace("-", "")) {
                case "createdAt" -> "created_at";
                case "expiresAt" -> "expires_at";
                case "lastUsedAt" -> "last_used_at";
                default -> "name";
            };
            String direction = sort.startsWith("-") ? " desc" : " asc";
            List<Object> expected = fixtures.column("select id::text from personal_access_token where account_id = ?"
                    + " order by " + column + direction + " nulls last, id" + direction + " offset 2 limit 2", account);
            List<Object> actual = new ArrayList<>();
            listed.forEach(item -> actual.add(item.get("id").asText()));
            assertEquals(expected, actual, "sort " + sort);
        }
    }

    @Test
    void aUsersOwnListHoldsOnlyItsTokens() throws Exception {
        JsonNode listed = JSON.readTree(TokenApi.list(Jwts.user(account, sparse)).asString());
        assertEquals(1, listed.size());
        assertEquals("delta", listed.get(0).get("name").asText());
        assertEquals(JSON.readTree(TokenApi.get(Jwts.user(account, sparse), listed.get(0).get("id").asText()).asString()),
                listed.get(0));
    }

    private static JsonNode byName(JsonNode listed, String name) {
        for (JsonNode item : listed) {
            if (item.get("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no token named " + name);
    }

    private static List<String> keys(JsonNode metadata) {
        List<String> keys = new ArrayList<>();
        metadata.forEach(entry -> keys.add(entry.get("key").asText()));
        return keys;
    }
}
