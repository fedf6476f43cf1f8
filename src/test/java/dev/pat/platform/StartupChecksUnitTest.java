package dev.pat.platform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.platform.database.embedded.EmbeddedPostgresConfig;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a production start (Quarkus' NORMAL launch mode, the packaged jar) requires of JWT
 * verification, given the configuration a deployment would: a key, an issuer, an audience, and keys
 * fetched over https or read from a file. Each of the last two can be waived only by its own
 * setting, which is then a WARN at every start. Dev and test modes require none of it.
 */
class StartupChecksUnitTest {

    private static final String KEY_FILE = "/etc/pat-service/jwt/verify-key";
    private static final String ISSUER = "https://issuer.example";

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(StartupChecks.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void aProductionStartWithKeyIssuerAndAudienceStarts() {
        for (String location : List.of(KEY_FILE, "file:" + KEY_FILE, "https://idp.example/.well-known/jwks.json",
                "HTTPS://idp.example/jwks.json", "classpath:keys/jwks.json")) {
            assertDoesNotThrow(() -> check(LaunchMode.NORMAL, env(Map.of(
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", location,
                    "MP_JWT_VERIFY_ISSUER", ISSUER,
                    "MP_JWT_VERIFY_AUDIENCES", "pat-service"))), location);
        }
        assertEquals(List.of(), messages(), "no warning");
    }

    @Test
    void aProductionStartWithoutAudienceIsRefusedNamingTheVariable() {
        for (String audiences : new String[] {null, "", "  "}) {
            Map<String, String> values = new HashMap<>(Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", KEY_FILE, "MP_JWT_VERIFY_ISSUER", ISSUER));
            if (audiences != null) {
                values.put("MP_JWT_VERIFY_AUDIENCES", audiences);
            }
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, env(values)));
            assertTrue(refused.getMessage().contains("MP_JWT_VERIFY_AUDIENCES"), refused.getMessage());
            assertTrue(refused.getMessage().contains("PAT_JWT_ALLOW_NO_AUDIENCE"), "names the opt-out: " + refused.getMessage());
        }
    }

    @Test
    void aProductionStartFetchingKeysOverPlainHttpIsRefusedNamingTheVariable() {
        for (String location : List.of("http://idp.example/jwks.json", "HTTP://idp.example/jwks.json", " http://idp.example/jwks.json")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, env(Map.of(
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", location,
                    "MP_JWT_VERIFY_ISSUER", ISSUER,
                    "MP_JWT_VERIFY_AUDIENCES", "pat-service"))), location);
            assertTrue(refused.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), refused.getMessage());
            assertTrue(refused.getMessage().contains("https://"), refused.getMessage());
            assertTrue(refused.getMessage().contains("PAT_JWT_ALLOW_PLAIN_HTTP_KEYS"), "names the opt-out: " + refused.getMessage());
        }
    }

    @Test
    void everyRefusalIsNamedAtOnce() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, env(Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://idp.example/jwks.json"))));
        for (String variable : List.of("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES", "https://")) {
            assertTrue(refused.getMessage().contains(variable), variable + " in: " + refused.getMessage());
        }
        IllegalStateException nothing = assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, env(Map.of())));
        for (String variable : List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES")) {
            assertTrue(nothing.getMessage().contains(variable), variable + " in: " + nothing.getMessage());
        }
    }

    @Test
    void theOptOutsStartTheInstanceWithAWarningEachTime() {
        Map<String, String> values = Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://idp.internal/jwks.json",
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "PAT_JWT_ALLOW_NO_AUDIENCE", "true",
                "PAT_JWT_ALLOW_PLAIN_HTTP_KEYS", "true");
        for (int start = 1; start <= 2; start++) {
            assertDoesNotThrow(() -> check(LaunchMode.NORMAL, env(values)));
            List<String> messages = messages();
            assertEquals(2 * start, messages.size(), () -> "one WARN per waived requirement per start: " + messages);
            assertTrue(messages.stream().anyMatch(m -> m.contains("PAT_JWT_ALLOW_NO_AUDIENCE") && m.contains("MP_JWT_VERIFY_AUDIENCES")), messages::toString);
            assertTrue(messages.stream().anyMatch(m -> m.contains("PAT_JWT_ALLOW_PLAIN_HTTP_KEYS") && m.contains("http://idp.internal")), messages::toString);
        }
    }

    @Test
    void anOptOutWaivesOnlyItsOwnRequirement() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, env(Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://idp.internal/jwks.json",
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "PAT_JWT_ALLOW_NO_AUDIENCE", "true"))));
        assertTrue(refused.getMessage().contains("PAT_JWT_ALLOW_PLAIN_HTTP_KEYS"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, env(Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", KEY_FILE,
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "PAT_JWT_ALLOW_PLAIN_HTTP_KEYS", "true"))));
        assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, env(Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", KEY_FILE,
                "MP_JWT_VERIFY_ISSUER", ISSUER,
                "PAT_JWT_ALLOW_NO_AUDIENCE", "false"))));
    }

    @Test
    void forwardedAddressesAreTakenOnlyFromNamedProxies() {
        Map<String, String> jwt = Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", KEY_FILE, "MP_JWT_VERIFY_ISSUER", ISSUER,
                "MP_JWT_VERIFY_AUDIENCES", "pat-service");
        Map<String, String> anyPeer = new HashMap<>(jwt);
        anyPeer.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> check(LaunchMode.NORMAL, env(anyPeer)));
        assertTrue(refused.getMessage().contains("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"), refused.getMessage());

        Map<String, String> namedIngress = new HashMap<>(anyPeer);
        namedIngress.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "10.0.0.0/8,fd00::/8");
        assertDoesNotThrow(() -> check(LaunchMode.NORMAL, env(namedIngress)));
        assertDoesNotThrow(() -> check(LaunchMode.NORMAL, env(jwt)), "no forwarding: the peer is the client");
        assertDoesNotThrow(() -> check(LaunchMode.DEVELOPMENT, env(Map.of("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true"))));
    }

    @Test
    void devAndTestModesRequireNoneOfIt() {
        for (LaunchMode mode : List.of(LaunchMode.DEVELOPMENT, LaunchMode.TEST)) {
            assertDoesNotThrow(() -> check(mode, env(Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://localhost:8089/jwks.json"))));
            assertDoesNotThrow(() -> check(mode, env(Map.of())));
        }
        assertEquals(List.of(), messages());
    }

    private static void check(LaunchMode mode, SmallRyeConfig config) {
        StartupChecks.check(mode, config, config.getConfigMapping(EmbeddedPostgresConfig.class));
    }

    /** The configuration of a deployment that sets these environment variables, over the service's defaults. */
    private static SmallRyeConfig env(Map<String, String> variables) {
        return new SmallRyeConfigBuilder()
                .withMapping(EmbeddedPostgresConfig.class)
                .withSources(new EnvConfigSource(variables, 300))
                .withSources(new PropertiesConfigSource(Map.of("pat.embedded-postgres.active", "false"), "defaults", 100))
                .build();
    }

    private List<String> messages() {
        return warnings.stream().map(record -> record.getMessage().formatted(record.getParameters() == null ? new Object[0] : record.getParameters()))
                .toList();
    }
}
