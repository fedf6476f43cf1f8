package dev.pat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the limits count: the route as matched, whatever spelling of its path reached it, and the
 * client behind a trusted proxy, an IPv6 client by its /64. Requests go through the JDK client so
 * that each path is sent exactly as written here.
 */
@QuarkusTest
@TestProfile(RateLimitKeysTest.BehindAProxy.class)
class RateLimitKeysTest {

    private static final String BODY = "{\"credentials\":[\"pat_notASecret\"]}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Three leak reports an hour; the proxy on loopback (the test itself) is trusted to name the client. */
    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pat.rate-limit.enabled", "true",
                    "pat.rate-limit.address-requests", "1000",
                    "pat.rate-limit.leaked-report-requests", "3", "pat.rate-limit.leaked-report-period", "PT1H",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    @Test
    void everySpellingOfTheLeakReportPathSharesItsBudget() throws Exception {
        // Control: each spelling reaches the endpoint (202), from a client of its own.
        assertEquals(202, report("/v3/personal-access-tokens/revoke%2Dleaked", "198.51.100.1"));
        assertEquals(202, report("//v3/personal-access-tokens/revoke-leaked", "198.51.100.2"));
        assertEquals(202, report("/v3/personal-access-tokens/./revoke-leaked", "198.51.100.3"));

        String client = "198.51.100.10";
        for (int i = 0; i < 3; i++) {
            assertEquals(202, report("/v3/personal-access-tokens/revoke-leaked", client));
        }
        assertEquals(429, report("/v3/personal-access-tokens/revoke%2Dleaked", client));
        assertEquals(429, report("//v3/personal-access-tokens/revoke-leaked", client));
        assertEquals(429, report("/v3/personal-access-tokens/./revoke-leaked", client));
        assertEquals(429, report("/v3/personal-access-tokens/revoke-leaked", client));
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() throws Exception {
        String path = "/v3/personal-access-tokens/revoke-leaked";
        assertEquals(202, report(path, "2001:db8:aa:1::1"));
        assertEquals(202, report(path, "2001:db8:aa:1::2"));
        assertEquals(202, report(path, "2001:db8:aa:1:ffff:ffff:ffff:fffe"));
        assertEquals(429, report(path, "2001:db8:aa:1::3"), "another address of the same /64: the same client");
        // Control: the proxy's word is taken, so another /64 is another client.
        assertEquals(202, report(path, "2001:db8:aa:2::1"));
    }

    private static int report(String path, String client) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
