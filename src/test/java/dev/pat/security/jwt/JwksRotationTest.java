package dev.pat.security.jwt;

import static io.restassured.RestAssured.given;

import com.sun.net.httpserver.HttpServer;
import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service trusts a remote JWKS, here served by a local HTTP server the test controls, the way
 * an identity provider rotates its keys: a token of a new key id is accepted at once (the unknown
 * id fetches the set again), and tokens of a withdrawn key are refused as soon as the new set is
 * known, although the verified-JWT memory would otherwise keep them for its 5-minute time to live.
 * How few fetches invented key ids cause is {@link JwksInventedKeyIdsTest}'s.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(JwksRotationTest.RemoteJwks.class)
class JwksRotationTest {

    public static class RemoteJwks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pat.jwks.refresh-interval", "PT1S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(JwksServer.class));
        }
    }

    /** Serves {@link #published} at /jwks.json; the port is the kernel's choice and stays bound. */
    public static class JwksServer implements QuarkusTestResourceLifecycleManager {
        static volatile String published;
        static final AtomicInteger FETCHES = new AtomicInteger();
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            published = set(CURRENT_KEY);
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/jwks.json", exchange -> {
                FETCHES.incrementAndGet();
                byte[] body = published.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return Map.of("mp.jwt.verify.publickey.location",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    static final JsonWebKey CURRENT_KEY = rsaKey("test-keys/rsa-public.pem", null, "test-rsa");
    static final JsonWebKey NEXT_KEY = rsaKey(null, "test-keys/other-rsa-private.pem", "next-rsa");

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    UUID account;
    UUID user;
    UUID token;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @BeforeEach
    void publishTheCurrentKey() {
        JwksServer.published = set(CURRENT_KEY);
        account = UUID.randomUUID();
        user = fixtures.user(account, null, null, "admin");
        token = fixtures.token(account, user, "rotation", null, null, false);
        // After a test that rotated, wait for the service to have fetched the current key again.
        String jwt = Jwts.admin(account, user);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> read(jwt, 200));
    }

    @Test
    @Order(1)
    void aNewKeyIsTrustedAtOnceAndTheWithdrawnOneIsRefusedFromThen() {
        String oldKeyJwt = Jwts.admin(account, user);
        read(oldKeyJwt, 200);
        read(oldKeyJwt, 200);

        JwksServer.published = set(NEXT_KEY);
        String newKeyJwt = Jwts.signWithForeignKey(Jwts.claims(account, user, "admin"), "next-rsa");
        read(newKeyJwt, 200);
        read(oldKeyJwt, 401);
        read(newKeyJwt, 200);
    }

    /**
     * The verified-JWT memory decides on the service's clock, held still here: on its own it would
     * answer 200 for the old key's token for ever. The refusal can only come from the key set's
     * change, which the service learns on its next background refresh (every second here).
     */
    @Test
    @Order(2)
    void aWithdrawnKeyIsRefusedOnTheNextRefreshThoughTheMemoryWouldKeepIt() {
        clock.freezeAt(Instant.now());
        String oldKeyJwt = Jwts.admin(account, user);
        read(oldKeyJwt, 200);
        read(oldKeyJwt, 200);

        int fetchesBefore = JwksServer.FETCHES.get();
        JwksServer.published = set(NEXT_KEY);
        // A bound on the wait, not the measure: the refusal must come, whenever the refresh runs.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> read(oldKeyJwt, 401));
        Assertions.assertTrue(JwksServer.FETCHES.get() > fetchesBefore, "the refusal came with a fetch of the new key set");
        read(oldKeyJwt, 401);
        read(Jwts.signWithForeignKey(Jwts.claims(account, user, "admin"), "next-rsa"), 200);
    }

    private void read(String jwt, int status) {
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(status);
    }

    private static String set(JsonWebKey key) {
        return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static JsonWebKey rsaKey(String publicPem, String privatePem, String keyId) {
        try {
            RSAPublicKey publicKey;
            if (publicPem != null) {
                publicKey = (RSAPublicKey) KeyUtils.decodePublicKey(Jwts.resource(publicPem), SignatureAlgorithm.RS256);
            } else {
                RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyUtils.decodePrivateKey(Jwts.resource(privatePem), SignatureAlgorithm.RS256);
                publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            }
            RsaJsonWebKey key = new RsaJsonWebKey(publicKey);
            key.setKeyId(keyId);
            key.setUse("sig");
            key.setAlgorithm("RS256");
            return key;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
