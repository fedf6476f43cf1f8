package dev.pat;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.client.ApiClient;
import dev.pat.client.ApiException;
import dev.pat.client.api.PersonalAccessTokensApi.APIListPersonalAccessTokensRequest;
import dev.pat.client.api.PersonalAccessTokensApi.APIRotatePersonalAccessTokenRequest;
import dev.pat.client.api.PersonalAccessTokensApi.APIUpdatePersonalAccessTokenRequest;
import dev.pat.client.api.PersonalAccessTokensApi;
import dev.pat.client.api.UsersApi;
import dev.pat.client.model.CreatePersonalAccessToken;
import dev.pat.client.model.PersonalAccessToken;
import dev.pat.client.model.RevokePersonalAccessTokens;
import dev.pat.client.model.RevokedPersonalAccessTokens;
import dev.pat.client.model.TokenPolicy;
import dev.pat.client.model.TokenPolicyInput;
import dev.pat.client.model.UpdatePersonalAccessToken;
import dev.pat.client.model.User;
import dev.pat.client.model.UserInput;
import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Black box, through a Java client generated at build time from the OpenAPI document the build
 * stored (target/generated-client, see the pom): the whole life of a token, driven by the
 * generated API classes and models only. Here by hand: the credentials, and the assertions.
 */
@QuarkusIntegrationTest
class GeneratedClientIT {

    private static final List<String> SCOPES = List.of("personalAccessToken:read", "personalAccessToken:write");

    @Test
    void aGeneratedClientDrivesATokenThroughItsLife() throws Exception {
        UUID account = UUID.randomUUID();
        User user = new UsersApi(client(Jwts.admin(account, UUID.randomUUID()))).createUser(new UserInput()
                .firstName("Gene").lastName("Rated").email("gene@client.example").role("admin").company("Generated Ltd"));
        String jwt = Jwts.admin(account, UUID.fromString(user.getId()));
        ApiClient asOwner = client(jwt);
        PersonalAccessTokensApi tokens = new PersonalAccessTokensApi(asOwner);

        PersonalAccessToken created = tokens.createPersonalAccessToken(new CreatePersonalAccessToken().name("generated").scopes(SCOPES), null);
        String id = created.getId();
        assertTrue(created.getToken().matches("pat_[0-9A-Za-z]{36}"), created.getToken());

        // Every field the service answers reaches the typed model, with its value.
        PersonalAccessToken read = tokens.getPersonalAccessToken(id);
        JsonNode raw = asOwner.getObjectMapper().readTree(given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + id)
                .then().statusCode(200).extract().asString());
        assertSameFields(raw, asOwner.getObjectMapper().valueToTree(read), "token");
        assertEquals("Gene Rated", read.getUser().getName());
        assertEquals(SCOPES, read.getScopes());

        List<PersonalAccessToken> found = tokens.listPersonalAccessTokens(
                APIListPersonalAccessTokensRequest.newBuilder().nameEq("generated").sort("-createdAt").limit(10).build());
        assertEquals(List.of(id), found.stream().map(PersonalAccessToken::getId).toList());
        assertEquals(List.of(), tokens.listPersonalAccessTokens(
                APIListPersonalAccessTokensRequest.newBuilder().nameCn("no such name").build()));

        PersonalAccessToken rotated = tokens.rotatePersonalAccessToken(APIRotatePersonalAccessTokenRequest.newBuilder().id(id).build());
        assertNotEquals(created.getToken(), rotated.getToken());
        PersonalAccessTokensApi withNewSecret = new PersonalAccessTokensApi(client(rotated.getToken()));
        assertEquals(id, withNewSecret.getCurrentPersonalAccessToken().getId());
        assertEquals(401, assertThrows(ApiException.class,
                () -> new PersonalAccessTokensApi(client(created.getToken())).getCurrentPersonalAccessToken()).getCode());

        PersonalAccessToken revoked = tokens.updatePersonalAccessToken(APIUpdatePersonalAccessTokenRequest.newBuilder().id(id)
                .updatePersonalAccessToken(new UpdatePersonalAccessToken().revoked(true)).build());
        assertTrue(revoked.getRevoked());
        assertEquals(SCOPES, revoked.getScopes(), "a patch of revoked alone leaves the scopes");
        ApiException refused = assertThrows(ApiException.class, withNewSecret::getCurrentPersonalAccessToken);
        assertEquals(401, refused.getCode());

        ApiException missing = assertThrows(ApiException.class, () -> tokens.getPersonalAccessToken(UUID.randomUUID().toString()));
        assertEquals(404, missing.getCode());
        dev.pat.client.model.Error error = asOwner.getObjectMapper().readValue(missing.getResponseBody(), dev.pat.client.model.Error.class);
        assertEquals("not_found", error.getCode());
        assertTrue(!error.getMessage().isBlank(), "a message");
    }

    /** Issue 30: an administrator revokes every token of a user in one call; the user's secrets are refused. */
    @Test
    void aGeneratedClientRevokesInBulk() throws Exception {
        UUID account = UUID.randomUUID();
        UsersApi users = new UsersApi(client(Jwts.admin(account, UUID.randomUUID())));
        User admin = users.createUser(new UserInput().firstName("Bulk").lastName("Admin").email("bulk-admin@client.example")
                .role("admin").company("Generated Ltd"));
        User member = users.createUser(new UserInput().firstName("Lost").lastName("Laptop").email("lost-laptop@client.example")
                .role("user").company("Generated Ltd"));
        PersonalAccessTokensApi asMember = new PersonalAccessTokensApi(client(Jwts.user(account, UUID.fromString(member.getId()))));
        PersonalAccessToken first = asMember.createPersonalAccessToken(new CreatePersonalAccessToken().name("laptop").scopes(SCOPES)
                .allowedCidrs(List.of("127.0.0.0/8")), null);
        PersonalAccessToken second = asMember.createPersonalAccessToken(new CreatePersonalAccessToken().name("laptop-2").scopes(SCOPES), null);
        PersonalAccessTokensApi asAdmin = new PersonalAccessTokensApi(client(Jwts.admin(account, UUID.fromString(admin.getId()))));
        assertEquals(List.of("127.0.0.0/8"), asAdmin.getPersonalAccessTokenAllowedCidrs(first.getId()).getAllowedCidrs());
        assertEquals(first.getId(), new PersonalAccessTokensApi(client(first.getToken())).getCurrentPersonalAccessToken().getId());

        ApiException noFilter = assertThrows(ApiException.class,
                () -> asAdmin.revokePersonalAccessTokens(new RevokePersonalAccessTokens().reason("no filter")));
        assertEquals(400, noFilter.getCode());

        RevokedPersonalAccessTokens revoked = asAdmin.revokePersonalAccessTokens(new RevokePersonalAccessTokens()
                .userId(member.getId()).reason("laptop stolen"));
        assertEquals(2L, revoked.getRevoked().longValue());
        for (PersonalAccessToken token : List.of(first, second)) {
            assertEquals(401, assertThrows(ApiException.class,
                    () -> new PersonalAccessTokensApi(client(token.getToken())).getCurrentPersonalAccessToken()).getCode());
        }
    }

    /** Issue 30: an administrator tightens the account's policy; the token that breaks it is listed, a create is refused. */
    @Test
    void aGeneratedClientReadsAndTightensTheTokenPolicy() throws Exception {
        UUID account = UUID.randomUUID();
        User admin = new UsersApi(client(Jwts.admin(account, UUID.randomUUID()))).createUser(new UserInput()
                .firstName("Poli").lastName("Cy").email("policy@client.example").role("admin").company("Generated Ltd"));
        PersonalAccessTokensApi tokens = new PersonalAccessTokensApi(client(Jwts.admin(account, UUID.fromString(admin.getId()))));
        String forever = tokens.createPersonalAccessToken(new CreatePersonalAccessToken().name("forever").scopes(SCOPES), null).getId();

        TokenPolicy none = tokens.getTokenPolicy();
        assertEquals(null, none.getMaxLifetimeDays());
        assertEquals(0L, none.getNonCompliantTokens().longValue());

        TokenPolicy tightened = tokens.replaceTokenPolicy(new TokenPolicyInput().maxLifetimeDays(30).requireExpiry(true)
                .allowedScopes(SCOPES).requireAllowedCidrs(false));
        assertEquals(30, tightened.getMaxLifetimeDays());
        assertEquals(SCOPES, tightened.getAllowedScopes());
        assertEquals(1L, tightened.getNonCompliantTokens().longValue(), "the token without expiry breaks it");
        assertEquals(List.of(forever), tokens.listPersonalAccessTokens(APIListPersonalAccessTokensRequest.newBuilder().compliant(false)
                .build()).stream().map(PersonalAccessToken::getId).toList());

        ApiException refused = assertThrows(ApiException.class,
                () -> tokens.createPersonalAccessToken(new CreatePersonalAccessToken().name("again").scopes(SCOPES), null));
        assertEquals(400, refused.getCode());
        assertEquals("expiry_required", client(null).getObjectMapper().readValue(refused.getResponseBody(),
                dev.pat.client.model.Error.class).getCode());
    }

    private static ApiClient client(String bearer) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearer));
        return client;
    }

    /** Each field of the service's JSON, recursively, has the same value in the model's (null and absent alike). */
    private static void assertSameFields(JsonNode service, JsonNode model, String where) {
        if (service.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = service.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = model.path(field.getKey());
                if (field.getValue().isNull()) {
                    assertTrue(value.isMissingNode() || value.isNull(), where + "." + field.getKey() + " is " + value);
                } else {
                    assertSameFields(field.getValue(), value, where + "." + field.getKey());
                }
            }
        } else if (service.isArray()) {
            assertEquals(service.size(), model.size(), where + " size");
            for (int i = 0; i < service.size(); i++) {
                assertSameFields(service.get(i), model.get(i), where + "[" + i + "]");
            }
        } else {
            assertEquals(service.asText(), model.asText(), where);
        }
    }
}
