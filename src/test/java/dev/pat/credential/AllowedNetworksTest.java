package dev.pat.credential;

import static dev.pat.support.TokenApi.fields;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Metrics;
import dev.pat.support.Owner;
import dev.pat.support.ServiceLog;
import dev.pat.support.TokenApi;
import dev.pat.token.TokenSecrets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token's allowed networks (issue 30, item 1), from a real client address: this test connects
 * from 127.0.0.1, so a token allowed only 10.0.0.0/8 is refused here and one allowed 127.0.0.0/8
 * works. Refused exactly like any refused secret; introspection fails closed without client_ip.
 */
@QuarkusTest
class AllowedNetworksTest {

    static final String NETWORKS = TokenApi.TOKEN + "/allowed-cidrs";
    private static final String INTROSPECT = "/v3/personal-access-tokens/introspect";

    @Inject
    Fixtures fixtures;

    private Owner owner;

    @BeforeEach
    void arrange() {
        owner = fixtures.administrator();
    }

    @Test
    void createStoresTheNetworksNormalisedAndTheTokenBodyKeepsTheSeedFields() {
        TokenApi.Issued issued = issue(List.of("10.1.2.3/8", "2001:DB8::1", "10.0.0.0/8", "192.0.2.7"));

        Response networks = TokenApi.as(owner.jwt()).get(NETWORKS, issued.id()).then().extract().response();
        assertEquals(200, networks.statusCode(), networks::asString);
        assertEquals(List.of("10.0.0.0/8", "2001:db8::1/128", "192.0.2.7/32"), networks.jsonPath().getList("allowedCidrs"),
                "normalised, each network once");
        assertEquals(issued.etag(), networks.header("ETag"), "the list is part of the token: its ETag is the token's");
        Response token = TokenApi.get(owner.jwt(), issued.id());
        assertFalse(token.asString().contains("allowedCidrs"), token::asString);
        assertFalse(token.asString().contains("10.0.0.0"), token::asString);
    }

    @Test
    void aTokenWithoutNetworksMayBeUsedAnywhere() {
        TokenApi.Issued issued = TokenApi.issue(owner.jwt(), "anywhere", TokenApi.READ);
        assertEquals(List.of(), TokenApi.as(owner.jwt()).get(NETWORKS, issued.id()).then().statusCode(200).extract()
                .jsonPath().getList("allowedCidrs"));
        assertEquals(200, TokenApi.self(issued.secret()).statusCode());
    }

    @Test
    void invalidNetworksAreNamedByTheirIndex() {
        TokenApi.assertValidation(TokenApi.create(owner.jwt(), fields("name", "bad", "scopes", List.of(TokenApi.READ),
                "allowedCidrs", List.of("10.0.0.0/8", "10.0.0.0/33", "example.com"))), "allowedCidrs[1]", "allowedCidrs[2]");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("10.0." + i + ".0/24");
        }
        TokenApi.assertValidation(TokenApi.create(owner.jwt(), fields("name", "many", "scopes", List.of(TokenApi.READ),
                "allowedCidrs", many)), "allowedCidrs");
        TokenApi.Issued issued = TokenApi.issue(owner.jwt(), "put", TokenApi.READ);
        TokenApi.assertValidation(put(owner.jwt(), issued.id(), List.of("::/0", "1.2.3"), null), "allowedCidrs[1]");
        TokenApi.assertValidation(TokenApi.as(owner.jwt()).contentType(ContentType.JSON).body("{}")
                .put(NETWORKS, issued.id()).then().extract().response(), "allowedCidrs");
    }

    @Test
    void aSecretFromOutsideItsNetworksIsRefusedLikeAnyRefusedSecretAndTheRefusalIsRecorded() throws Exception {
        TokenApi.Issued outside = issue(List.of("10.0.0.0/8"));
        TokenApi.Issued inside = issue(List.of("10.0.0.0/8", "127.0.0.0/8"));

        Response unknown = TokenApi.self(TokenSecrets.generate());
        Map<String, Double> before = Metrics.scrape();
        Response refused = TokenApi.self(outside.secret());
        Map<String, Double> after = Metrics.scrape();

        ErrorBodies.assertError(refused, 401, unknown.jsonPath().getString("code"));
        assertEquals(unknown.asString(), refused.asString(), "the same body as for an unknown secret");
        assertEquals(unknown.header("WWW-Authenticate"), refused.header("WWW-Authenticate"), "the same challenge");
        assertEquals(1.0, Metrics.delta(before, after, "pat_credentials_refused_total", "reason=\"address_not_allowed\""));
        // Refusals are logged at most once a second per reason (another test's may have taken this second's line): refused
        // again until a line names this token.
        Awaitility.await().untilAsserted(() -> {
            assertEquals(401, TokenApi.self(outside.secret()).statusCode());
            assertTrue(ServiceLog.read().lines().anyMatch(line -> line.contains("reason=address_not_allowed token_id=" + outside.id())
                    && line.contains("client_address=127.0.0.1")), "the refusal's log line names the token and the address");
        });

        assertEquals(200, TokenApi.self(inside.secret()).statusCode(), "control: inside its networks it works");
    }

    /** Every 127/8 address is this machine's loopback: a client bound to 127.0.0.2 comes from another /32. */
    @Test
    void aClientOnASecondLoopbackAddressComesFromAnotherNetwork() throws Exception {
        TokenApi.Issued first = issue(List.of("127.0.0.1/32"));
        TokenApi.Issued second = issue(List.of("127.0.0.2/32"));
        assertEquals(200, selfFrom("127.0.0.1", first.secret()));
        assertEquals(401, selfFrom("127.0.0.2", first.secret()));
        assertEquals(200, selfFrom("127.0.0.2", second.secret()));
        assertEquals(401, selfFrom("127.0.0.1", second.secret()), "remembered from the use above, still refused here");
    }

    private static int selfFrom(String localAddress, String secret) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/v3/personal-access-tokens/self"))
                    .header("Authorization", "Bearer " + secret).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void aReplacedListTakesEffectAtTheNextUseEvenWhenTheSecretIsRemembered() {
        TokenApi.Issued issued = issue(List.of("127.0.0.0/8"));
        assertEquals(200, TokenApi.self(issued.secret()).statusCode(), "used once: now remembered");

        Response narrowed = put(owner.jwt(), issued.id(), List.of("10.0.0.0/8"), issued.etag());
        assertEquals(200, narrowed.statusCode(), narrowed::asString);
        assertEquals(List.of("10.0.0.0/8"), narrowed.jsonPath().getList("allowedCidrs"));
        assertNotEquals(issued.etag(), narrowed.header("ETag"), "a change moves the token's version");
        assertEquals(narrowed.header("ETag"), TokenApi.get(owner.jwt(), issued.id()).header("ETag"));
        assertEquals(401, TokenApi.self(issued.secret()).statusCode(), "the remembered entry did not answer");

        Response widened = put(owner.jwt(), issued.id(), List.of(), narrowed.header("ETag"));
        assertEquals(200, widened.statusCode(), widened::asString);
        assertEquals(200, TokenApi.self(issued.secret()).statusCode(), "an emptied list is anywhere again, at once");
    }

    @Test
    void aReplacementFollowsTheTokensIfMatchAndAuthorization() {
        TokenApi.Issued issued = issue(List.of());
        Response first = put(owner.jwt(), issued.id(), List.of("10.0.0.0/8"), issued.etag());
        assertEquals(200, first.statusCode(), first::asString);
        ErrorBodies.assertError(put(owner.jwt(), issued.id(), List.of("127.0.0.0/8"), issued.etag()), 412, "precondition_failed");
        Response same = put(owner.jwt(), issued.id(), List.of("10.9.9.9/8"), null);
        assertEquals(first.header("ETag"), same.header("ETag"), "the same networks again write nothing");

        Owner colleague = fixtures.owner(owner.accountId());
        assertEquals(404, put(colleague.jwt(), issued.id(), List.of(), null).statusCode(), "another user's token");
        assertEquals(404, TokenApi.as(colleague.jwt()).get(NETWORKS, issued.id()).statusCode());
        Owner stranger = fixtures.administrator();
        assertEquals(404, put(stranger.jwt(), issued.id(), List.of(), null).statusCode(), "another account's token");
        assertEquals(403, put(owner.scoped(TokenApi.READ), issued.id(), List.of(), null).statusCode(), "reading is not writing");
        assertEquals(200, TokenApi.as(owner.scoped(TokenApi.READ)).get(NETWORKS, issued.id()).statusCode());
    }

    @Test
    void introspectionAnswersForTheClientAddressTheResourceServerGivesAndFailsClosedWithout() {
        TokenApi.Issued bound = issue(List.of("10.0.0.0/8"));
        TokenApi.Issued free = TokenApi.issue(owner.jwt(), "free", TokenApi.READ);

        assertEquals("{\"active\":false}", introspect(bound.secret(), null).asString(), "no client_ip: inactive");
        assertEquals("{\"active\":false}", introspect(bound.secret(), "192.0.2.1").asString(), "outside: inactive");
        assertTrue(introspect(bound.secret(), "10.20.30.40").jsonPath().getBoolean("active"), "inside: active");
        assertTrue(introspect(free.secret(), null).jsonPath().getBoolean("active"), "no networks: client_ip not needed");
        assertTrue(introspect(free.secret(), "192.0.2.1").jsonPath().getBoolean("active"));
        TokenApi.assertValidation(introspect(bound.secret(), "not-an-address"), "client_ip");

        Response json = given().auth().oauth2(owner.jwt()).contentType(ContentType.JSON)
                .body("{\"token\":\"" + bound.secret() + "\",\"client_ip\":\"10.1.1.1\"}").post(INTROSPECT);
        assertTrue(json.jsonPath().getBoolean("active"), json::asString);
    }

    private TokenApi.Issued issue(List<String> networks) {
        return TokenApi.issue(owner.jwt(), fields("name", "bound " + UUID.randomUUID(), "scopes", List.of(TokenApi.READ),
                "allowedCidrs", networks));
    }

    static Response put(String credential, String id, List<String> networks, String ifMatch) {
        var request = TokenApi.as(credential).contentType(ContentType.JSON).body(TokenApi.json(fields("allowedCidrs", networks)));
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.put(NETWORKS, id).then().extract().response();
    }

    private Response introspect(String secret, String clientIp) {
        var request = given().auth().oauth2(owner.jwt()).contentType(ContentType.URLENC).formParam("token", secret);
        if (clientIp != null) {
            request = request.formParam("client_ip", clientIp);
        }
        return request.post(INTROSPECT).then().extract().response();
    }
}
