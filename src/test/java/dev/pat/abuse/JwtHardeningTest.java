package dev.pat.abuse;

import static dev.pat.abuse.Tenants.READ;
import static dev.pat.abuse.Tenants.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.abuse.RawHttp.Answer;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a JWT's header cannot steer and which claims are always enforced: crit, jku, x5u and
 * embedded jwk headers; RS256 and ES256 only; the issuer; a maximum age counted from iat
 * (mp.jwt.verify.token.age = 86400 s). Every token is assembled by hand ({@link RawJwt}), and two
 * controls prove that the hand-made tokens are otherwise accepted, so each 401 comes from the one
 * thing the test changed.
 */
@QuarkusTest
class JwtHardeningTest {

    private static final long DAY = 86_400;

    @Inject
    Fixtures fixtures;

    private UUID account;
    private UUID owner;
    private UUID token;

    @BeforeEach
    void arrange() {
        account = UUID.randomUUID();
        owner = fixtures.user(account, null, null, "user");
        token = fixtures.token(account, owner, "target", null, null, false, READ, WRITE);
    }

    // ------------------------------------------------------------------ controls

    @Test
    void controlAHandMadeRs256TokenIsAccepted() {
        assertAccepted(RawJwt.rs256(RawJwt.rs256Header(), claims()));
    }

    @Test
    void controlAHandMadeEs256TokenIsAccepted() {
        Map<String, Object> header = RawJwt.rs256Header();
        header.put("alg", "ES256");
        header.put("kid", "test-ec");
        assertAccepted(RawJwt.es256(header, claims()));
    }

    // ------------------------------------------------------------------ header parameters

    @Test
    void critNamingExpIsRefused() {
        Map<String, Object> header = RawJwt.rs256Header();
        header.put("crit", List.of("exp"));
        assertRefused(RawJwt.rs256(header, claims()));
    }

    @Test
    void critNamingAnUnknownExtensionIsRefused() {
        Map<String, Object> header = RawJwt.rs256Header();
        header.put("x-policy", "lenient");
        header.put("crit", List.of("x-policy"));
        assertRefused(RawJwt.rs256(header, claims()));
    }

    @Test
    void anX5uPointingElsewhereCannotBringAKey() {
        for (String kid : new String[] {"test-rsa", "attacker-key", null}) {
            Map<String, Object> header = RawJwt.rs256Header();
            header.put("x5u", "https://attacker.example/cert.pem");
            if (kid == null) {
                header.remove("kid");
            } else {
                header.put("kid", kid);
            }
            assertRefused(RawJwt.foreign(header, claims()));
        }
    }

    @Test
    void anEmbeddedJwkCannotBringAKey() {
        for (String kid : new String[] {"test-rsa", "attacker-key", null}) {
            Map<String, Object> header = RawJwt.rs256Header();
            header.put("jwk", RawJwt.foreignPublicJwk());
            if (kid == null) {
                header.remove("kid");
            } else {
                header.put("kid", kid);
            }
            assertRefused(RawJwt.foreign(header, claims()));
        }
    }

    @Test
    void jkuX5uAndJwkTogetherCannotBringAKey() {
        Map<String, Object> header = RawJwt.rs256Header();
        header.put("jku", "https://attacker.example/jwks.json");
        header.put("x5u", "https://attacker.example/cert.pem");
        header.put("jwk", RawJwt.foreignPublicJwk());
        assertRefused(RawJwt.foreign(header, claims()));
    }

    // ------------------------------------------------------------------ algorithms

    @Test
    void onlyRs256AndEs256AreAccepted() {
        Map<String, Object> rs512 = RawJwt.rs256Header();
        rs512.put("alg", "RS512");
        assertRefused(RawJwt.rs512(rs512, claims()));

        Map<String, Object> ps256 = RawJwt.rs256Header();
        ps256.put("alg", "PS256");
        assertRefused(RawJwt.ps256(ps256, claims()));
    }

    @Test
    void theHeaderCannotRelabelASignature() {
        Map<String, Object> labelledEs256 = RawJwt.rs256Header();
        labelledEs256.put("alg", "ES256");
        assertRefused(RawJwt.rs256(labelledEs256, claims()));

        Map<String, Object> rsaSignatureEcKey = RawJwt.rs256Header();
        rsaSignatureEcKey.put("kid", "test-ec");
        assertRefused(RawJwt.rs256(rsaSignatureEcKey, claims()));
    }

    // ------------------------------------------------------------------ issuer

    @Test
    void theIssuerIsAlwaysChecked() {
        for (Object issuer : new Object[] {"https://issuer.elsewhere.example", Jwts.ISSUER + "/",
                Jwts.ISSUER.toUpperCase(java.util.Locale.ROOT), "", List.of(Jwts.ISSUER), 1}) {
            Map<String, Object> claims = claims();
            claims.put("iss", issuer);
            assertRefused(RawJwt.rs256(RawJwt.rs256Header(), claims));
        }
        Map<String, Object> none = claims();
        none.remove("iss");
        assertRefused(RawJwt.rs256(RawJwt.rs256Header(), none));
    }

    // ------------------------------------------------------------------ maximum age

    @Test
    void aTokenIssuedMoreThanADayAgoIsRefusedThoughNotExpired() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = claims();
        claims.put("iat", now - DAY - 600);
        claims.put("exp", now + 600);
        assertRefused(RawJwt.rs256(RawJwt.rs256Header(), claims));
    }

    @Test
    void controlATokenIssuedAlmostADayAgoIsAccepted() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = claims();
        claims.put("iat", now - DAY + 600);
        claims.put("exp", now + 600);
        assertAccepted(RawJwt.rs256(RawJwt.rs256Header(), claims));
    }

    @Test
    void aTokenWithoutIatCannotShowItsAgeAndIsRefused() {
        Map<String, Object> claims = claims();
        claims.remove("iat");
        claims.put("exp", Instant.now().getEpochSecond() + 30 * DAY);
        assertRefused(RawJwt.rs256(RawJwt.rs256Header(), claims));
    }

    /**
     * An iat in the future would make the age negative and so stretch the maximum age by as
     * much: a token "issued" in 30 days and expiring in 31 would work for a month. Beyond the
     * clock skew, a future iat is refused.
     */
    @Test
    void anIatInTheFutureCannotStretchTheMaximumAge() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = claims();
        claims.put("iat", now + 30 * DAY);
        claims.put("exp", now + 31 * DAY);
        assertRefused(RawJwt.rs256(RawJwt.rs256Header(), claims));
    }

    // ------------------------------------------------------------------ claims that must not widen access

    /**
     * The scope claim is a space-separated string. A scope of another JSON type must not be taken
     * as "no scope claim", which would leave the token limited by its role only: a token whose
     * issuer meant it for user:read would read and write personal access tokens.
     */
    @Test
    void aScopeClaimThatIsNotAStringGrantsNoMoreThanItsScopes() {
        for (Object scope : new Object[] {List.of("user:read"), Map.of("user:read", true), 7}) {
            Map<String, Object> claims = claims();
            claims.put("scope", scope);
            Answer answer = get(RawJwt.rs256(RawJwt.rs256Header(), claims));
            assertNotEquals(200, answer.status(), () -> "scope " + scope + " read the token: " + answer.describe());
            assertTrue(answer.status() == 401 || answer.status() == 403, () -> "scope " + scope + ": " + answer.describe());
            assertNull(RawHttp.errorContractProblem(answer), answer::describe);
        }
        Map<String, Object> stringScope = claims();
        stringScope.put("scope", "user:read");
        assertEquals(403, get(RawJwt.rs256(RawJwt.rs256Header(), stringScope)).status(), "control: the string form is enforced");
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> claims() {
        return RawJwt.claims(account, owner, "user");
    }

    private Answer get(String jwt) {
        return RawHttp.get("/v3/personal-access-tokens/" + token).bearer(jwt).send();
    }

    private void assertAccepted(String jwt) {
        Answer answer = get(jwt);
        assertEquals(200, answer.status(), answer::describe);
        assertEquals(token.toString(), answer.json().path("id").asText(), answer::describe);
    }

    private void assertRefused(String jwt) {
        Answer answer = get(jwt);
        assertEquals(401, answer.status(), () -> answer.describe() + "\n    token: " + jwt);
        assertNull(RawHttp.errorContractProblem(answer), answer::describe);
        assertEquals("unauthorized", answer.json().path("code").asText(), answer::describe);
        String challenge = answer.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer"), () -> "WWW-Authenticate: " + challenge);
    }
}
