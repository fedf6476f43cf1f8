package dev.pat.security.jwt;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Invented key ids cannot turn into a flood of requests to the identity provider: a token naming
 * a key id the set lacks fetches the set again at most once per unknown-key interval. Both
 * intervals are an hour here, so that no fetch is owed to the time the test takes: fifty invented
 * ids cost exactly the one fetch the first of them may make.
 */
@QuarkusTest
@TestProfile(JwksInventedKeyIdsTest.SlowRefresh.class)
class JwksInventedKeyIdsTest {

    public static class SlowRefresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pat.jwks.refresh-interval", "PT1H", "pat.jwks.unknown-key-refresh-interval", "PT1H");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(JwksRotationTest.JwksServer.class));
        }
    }

    @Inject
    Fixtures fixtures;

    @Test
    void fiftyInventedKeyIdsCostOneFetch() {
        Owner admin = fixtures.administrator();
        UUID token = fixtures.token(admin.accountId(), admin.userId(), "target", null, null, false);
        // The control: a token of the published key is read (the first use fetches the set).
        read(admin.jwt(), token, 200);

        int before = JwksRotationTest.JwksServer.FETCHES.get();
        read(Jwts.signWithForeignKey(Jwts.claims(admin.accountId(), admin.userId(), "admin"), "invented-0"), token, 401);
        assertEquals(1, JwksRotationTest.JwksServer.FETCHES.get() - before, "the first unknown key id fetches the set again");
        for (int i = 1; i < 50; i++) {
            read(Jwts.signWithForeignKey(Jwts.claims(admin.accountId(), admin.userId(), "admin"), "invented-" + i), token, 401);
        }
        assertEquals(1, JwksRotationTest.JwksServer.FETCHES.get() - before, "fetches for 50 invented key ids");
        read(admin.jwt(), token, 200);
    }

    private static void read(String jwt, UUID token, int status) {
        given().auth().oauth2(jwt).get("/v3/personal-access-tokens/" + token).then().statusCode(status);
    }
}
