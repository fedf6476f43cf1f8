package dev.pat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.support.DirectoryApi;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the seed platform's own JavaScript client sends (its paths, query strings, headers and
 * bodies, written here as rest-assured calls): a user created with a password, a body read and
 * sent back with one change as application/merge-patch+json, array parameters with [], its filter
 * keys, and the licensing keys this service does not hold.
 */
@QuarkusTest
class SeedClientConventionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    Fixtures fixtures;

    private UUID account;
    private String admin;

    @BeforeEach
    void arrange() {
        account = UUID.randomUUID();
        admin = Jwts.admin(account, UUID.randomUUID());
    }

    @Test
    void aPasswordIsRefusedWithItsOwnCodeAndNothingIsStored() {
        String email = DirectoryApi.uniqueEmail("with.password");
        Response created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(DirectoryApi.json(DirectoryApi.with(DirectoryApi.user(email, null, null), "password", "s3cret!")))
                .post("/v3/users");
        JsonNode error = ErrorBodies.assertError(created, 400, "password_not_managed");
        assertTrue(error.path("message").asText().contains("identity provider"), error.toString());
        assertEquals(0, fixtures.count("select count(*) from app_user where account_id = ?", account));

        UUID user = fixtures.user(account, null, null, "user");
        ErrorBodies.assertError(given().auth().oauth2(admin).contentType(MERGE_PATCH).body("{\"password\":\"x\"}")
                .patch("/v3/users/" + user), 400, "password_not_managed");
        // Password reset tokens stay with the identity provider too.
        ErrorBodies.assertError(given().auth().oauth2(admin).post("/v3/users/" + user + "/reset-password-token"), 404, "not_found");
    }

    @Test
    void aUserReadChangedAndSentBackChangesOnlyWhatChanged() throws Exception {
        UUID user = fixtures.user(account, null, null, "user");
        ObjectNode read = (ObjectNode) JSON.readTree(given().auth().oauth2(admin).get("/v3/users/" + user).then().statusCode(200)
                .extract().asString());
        ObjectNode sent = read.deepCopy();
        sent.put("firstName", "Augusta");
        sent.put("lastLoginAt", "2030-01-01T00:00:00Z");
        sent.put("name", "Someone Else");
        sent.putArray("roles").add("admin");

        JsonNode answer = JSON.readTree(given().auth().oauth2(admin).contentType(MERGE_PATCH).body(sent.toString())
                .patch("/v3/users/" + user).then().statusCode(200).extract().asString());
        assertEquals("Augusta", answer.path("firstName").asText());
        assertEquals("Augusta Lovelace", answer.path("name").asText(), "name follows the names, not the echo");
        for (String readOnly : List.of("id", "createdAt", "lastLoginAt", "roles", "role", "twoFactorEnabled", "lastSeenAt")) {
            assertEquals(read.path(readOnly), answer.path(readOnly), readOnly + " is never applied");
        }

        // Sent back to create another user: the read-only fields are ignored there too.
        sent.put("email", DirectoryApi.uniqueEmail("copy"));
        JsonNode copy = JSON.readTree(given().auth().oauth2(admin).contentType(ContentType.JSON).body(sent.toString())
                .post("/v3/users").then().statusCode(201).extract().asString());
        assertNotEquals(read.path("id"), copy.path("id"));
        assertEquals("user", copy.path("role").asText());

        // A field the API does not know stays an error.
        sent.put("favouriteColour", "green");
        TokenApi.assertValidation(given().auth().oauth2(admin).contentType(MERGE_PATCH).body(sent.toString())
                .patch("/v3/users/" + user), "favouriteColour");
    }

    @Test
    void resellersOrganizationsAndTokensTakeTheirEchoToo() throws Exception {
        UUID reseller = fixtures.reseller(account, "Echo Reseller");
        UUID organization = fixtures.organization(account, reseller, "Echo Org");
        for (String path : List.of("/v3/resellers/" + reseller, "/v3/organizations/" + organization)) {
            ObjectNode read = (ObjectNode) JSON.readTree(given().auth().oauth2(admin).get(path).then().statusCode(200).extract().asString());
            read.put("description", "changed by echo");
            read.put("createdAt", "2001-01-01T00:00:00Z");
            JsonNode answer = JSON.readTree(given().auth().oauth2(admin).contentType(MERGE_PATCH).body(read.toString())
                    .patch(path).then().statusCode(200).extract().asString());
            assertEquals("changed by echo", answer.path("description").asText(), path);
            assertNotEquals("2001-01-01T00:00:00Z", answer.path("createdAt").asText(), path);
        }

        Owner owner = fixtures.owner(account);
        String jwt = owner.jwt();
        TokenApi.Issued token = TokenApi.issue(jwt, "echoed", "personalAccessToken:read");
        ObjectNode read = (ObjectNode) JSON.readTree(TokenApi.get(jwt, token.id()).asString());
        read.put("name", "renamed by echo");
        read.put("userId", UUID.randomUUID().toString());
        read.put("lastUsedAt", "2030-01-01T00:00:00Z");
        JsonNode answer = JSON.readTree(given().auth().oauth2(jwt).contentType(MERGE_PATCH).body(read.toString())
                .patch("/v3/personal-access-tokens/" + token.id()).then().statusCode(200).extract().asString());
        assertEquals("renamed by echo", answer.path("name").asText());
        assertEquals(owner.userId().toString(), answer.path("userId").asText());
        assertTrue(answer.path("lastUsedAt").isNull(), answer.toString());
    }

    @Test
    void arrayParametersAsTheClientSendsThem() {
        fixtures.user(account, null, null, "user");
        fixtures.user(account, null, null, "admin");
        fixtures.user(account, null, null, "support");
        Set<String> repeated = roles(given().auth().oauth2(admin).queryParam("role[in][]", "user").queryParam("role[in][]", "admin")
                .get("/v3/users"));
        Set<String> joined = roles(given().auth().oauth2(admin).queryParam("role[in]", "user,admin").get("/v3/users"));
        assertEquals(Set.of("admin", "user"), repeated);
        assertEquals(repeated, joined);
        assertEquals(Set.of("admin"), roles(given().auth().oauth2(admin).queryParam("role[in][]", "admin").get("/v3/users")));
        assertEquals(Set.of("support", "user"), roles(given().auth().oauth2(admin).queryParam("role[nin][]", "admin").get("/v3/users")));
        TokenApi.assertValidation(given().auth().oauth2(admin).queryParam("role[eq]", "a").queryParam("role[eq]", "b")
                .get("/v3/users"), "role[eq]");
    }

    @Test
    void theClientsFilterKeysThatHaveDataHere() {
        UUID tagged = fixtures.user(account, null, null, "user");
        UUID plain = fixtures.user(account, null, null, "user");
        fixtures.update("update app_user set tags = '{}', last_seen_at = null where id = ?", plain);
        fixtures.update("delete from user_metadata where user_id = ?", plain);

        assertEquals(List.of(tagged.toString()), ids(query("tags[in]", "vip,other")));
        assertEquals(List.of(tagged.toString()), ids(query("tag[eq]", "beta")));
        assertEquals(List.of(plain.toString()), ids(query("tags[nin]", "vip")));
        assertEquals(List.of(tagged.toString()), ids(query("metadata.key[eq]", "plan")));
        assertEquals(List.of(tagged.toString()), ids(query("metadata.value[eq]", "gold")));
        assertEquals(List.of(), ids(query("metadata.value[eq]", "silver")));
        assertEquals(List.of(tagged.toString()), ids(query("lastSeenAt[gte]", "2019-08-24T14:22:22Z")));
        // A time compares at the precision the API shows: a value read back matches.
        assertEquals(List.of(tagged.toString()), ids(query("lastSeenAt[eq]", "2019-08-24T14:22:22Z")));
        assertEquals(List.of(plain.toString()), ids(query("lastSeenAt[ne]", "2019-08-24T14:22:22Z")));

        for (String key : List.of("userType", "productId[eq]", "activation.os[eq]", "activation[gte]")) {
            JsonNode error = TokenApi.assertValidation(given().auth().oauth2(admin).queryParam(key, "x").get("/v3/users"), key);
            assertTrue(error.toString().contains("not supported by this service"), error.toString());
        }
        JsonNode unknown = TokenApi.assertValidation(given().auth().oauth2(admin).queryParam("colour", "x").get("/v3/users"), "colour");
        assertTrue(unknown.toString().contains("not a known parameter"), unknown.toString());
    }

    @Test
    void queryAndTheNewOperatorsOnEveryList() {
        fixtures.reseller(account, "Northern Lights");
        fixtures.reseller(account, "Southern Cross");
        fixtures.update("update reseller set allowed_users = 500 where account_id = ? and name = 'Southern Cross'", account);
        assertEquals(List.of("Northern Lights"), names(given().auth().oauth2(admin).queryParam("query", "NORTH").get("/v3/resellers")));
        assertEquals(List.of("Southern Cross"), names(given().auth().oauth2(admin).queryParam("query", "southern.cross@").get("/v3/resellers")));
        assertEquals(List.of("Southern Cross"), names(given().auth().oauth2(admin).queryParam("name[nc]", "north").get("/v3/resellers")));
        assertEquals(List.of("Northern Lights"), names(given().auth().oauth2(admin).queryParam("name[nin]", "Southern Cross,Other")
                .get("/v3/resellers")));
        assertEquals(List.of("Southern Cross"), names(given().auth().oauth2(admin).queryParam("allowedUsers[gte]", "100")
                .get("/v3/resellers")));
        assertEquals(List.of("Northern Lights"), names(given().auth().oauth2(admin).queryParam("allowedUsers[in]", "50,60")
                .get("/v3/resellers")));
        TokenApi.assertValidation(given().auth().oauth2(admin).queryParam("allowedUsers[gt]", "many").get("/v3/resellers"),
                "allowedUsers[gt]");

        String jwt = fixtures.owner(account).jwt();
        TokenApi.Issued deploy = TokenApi.issue(jwt, "Deploy bot", "personalAccessToken:read");
        TokenApi.issue(jwt, "Laptop", "personalAccessToken:read");
        String createdAt = TokenApi.get(jwt, deploy.id()).jsonPath().getString("createdAt");
        assertEquals(List.of("Deploy bot"), names(given().auth().oauth2(jwt).queryParam("query", "deploy").get("/v3/personal-access-tokens")));
        assertEquals(List.of("Deploy bot"), names(given().auth().oauth2(jwt).queryParam("name[in][]", "Deploy bot")
                .get("/v3/personal-access-tokens")));
        assertTrue(names(given().auth().oauth2(jwt).queryParam("createdAt[eq]", createdAt).get("/v3/personal-access-tokens"))
                .contains("Deploy bot"), "a createdAt read back matches itself");
        // A search's wildcard characters are literal.
        assertEquals(List.of(), names(given().auth().oauth2(jwt).queryParam("query", "%").get("/v3/personal-access-tokens")));
        assertEquals(List.of(), names(given().auth().oauth2(jwt).queryParam("name[cn]", "_").get("/v3/personal-access-tokens")));
    }

    private Response query(String name, String value) {
        return given().auth().oauth2(admin).queryParam(name, value).get("/v3/users");
    }

    private static Set<String> roles(Response response) {
        assertEquals(200, response.statusCode(), response::asString);
        return new TreeSet<>(response.jsonPath().getList("role", String.class));
    }

    private static List<String> ids(Response response) {
        assertEquals(200, response.statusCode(), response::asString);
        return response.jsonPath().getList("id", String.class);
    }

    private static List<String> names(Response response) {
        assertEquals(200, response.statusCode(), response::asString);
        return response.jsonPath().getList("name", String.class);
    }
}
