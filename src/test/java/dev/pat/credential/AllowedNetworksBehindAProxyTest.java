package dev.pat.credential;

import static dev.pat.support.TokenApi.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import dev.pat.support.TokenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client address the allowed networks are checked against is the rate limiter's: a forwarded
 * one only from a trusted proxy (here the test itself, on 127.0.0.1), else the connection's own, an
 * IPv6 one whole. The service listens on every address, IPv6 included, so that a request can come
 * from ::1.
 */
@QuarkusTest
@TestProfile(AllowedNetworksBehindAProxyTest.BehindAProxy.class)
class AllowedNetworksBehindAProxyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.host", "::",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    @Inject
    Fixtures fixtures;

    private Owner owner;

    @BeforeEach
    void arrange() {
        // Quarkus would point RestAssured at "http://::", which is no URL: loopback reaches the service as well.
        RestAssured.baseURI = "http://localhost";
        owner = fixtures.administrator();
    }

    @Test
    void theForwardedAddressOfATrustedProxyIsTheOneChecked() throws Exception {
        TokenApi.Issued tenNet = issue("10.0.0.0/8");
        TokenApi.Issued documentation = issue("203.0.113.0/24");

        assertEquals(401, self("127.0.0.1", tenNet.secret(), "203.0.113.9"), "203.0.113.9 lies outside 10.0.0.0/8");
        assertEquals(200, self("127.0.0.1", documentation.secret(), "203.0.113.9"), "and inside 203.0.113.0/24");
        assertEquals(200, self("127.0.0.1", tenNet.secret(), "10.200.0.1"), "control: a forwarded address inside");
    }

    @Test
    void anIpv6ClientIsCheckedByItsWholeAddress() throws Exception {
        assertEquals(200, self("[::1]", issue("::1/128").secret(), null), "from ::1, allowed ::1");
        assertEquals(401, self("[::1]", issue("2001:db8::/32").secret(), null), "from ::1, allowed only 2001:db8::/32");
        // ::1 is no trusted proxy: what it forwards is not taken, its own address is checked.
        assertEquals(401, self("[::1]", issue("10.0.0.0/8").secret(), "10.1.1.1"), "a forwarded 10.1.1.1 from ::1 is not taken");
        assertEquals(200, self("[::1]", issue("::/127").secret(), "10.1.1.1"), "::1 lies in ::/127");
    }

    private TokenApi.Issued issue(String network) {
        return TokenApi.issue(owner.jwt(), fields("name", "behind a proxy", "scopes", List.of(TokenApi.READ),
                "allowedCidrs", List.of(network)));
    }

    private static Integer self(String host, String secret, String forwardedFor) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + RestAssured.port + TokenApi.SELF))
                .header("Authorization", "Bearer " + secret);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
