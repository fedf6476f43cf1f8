package dev.pat.token;

import static dev.pat.support.SeedContract.TOKEN_PATH;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.support.ErrorBodies;
import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.SeedContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every credential the service must refuse answers 401 with {@code WWW-Authenticate: Bearer} and
 * the JSON error body. Each request targets an existing token the admin could read, so a 401 can
 * only come from the credential.
 */
@QuarkusTest
class TokenUnauthorizedTest {

    @Inject
    Fixtures fixtures;

    private UUID accountId;
    private UUID adminId;
    private UUID tokenId;

    @BeforeEach
    void arrange() {
        accountId = UUID.randomUUID();
        adminId = UUID.randomUUID();
        UUID userId = fixtures.user(accountId, null, null, "user");
        tokenId = fixtures.token(accountId, userId, "target", null, null, false);
    }

    @Test
    void controlValidAdminTokenIsAccepted() {
        given().header("Authorization", "Bearer " + Jwts.admin(accountId, adminId))
                .when().get(TOKEN_PATH, tokenId.toString())
                .then().statusCode(200);
    }

    @Test
    void noAuthorizationHeader() {
        assertUnauthorized(given());
    }

    @Test
    void garbageBearer() {
        assertUnauthorized(bearer("garbage"));
    }

    @Test
    void notABearerScheme() {
        assertUnauthorized(given().header("Authorization", "Basic " + base64Url("admin:admin")));
    }

    @Test
    void expired() {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = adminClaims().issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600));
        assertUnauthorized(bearer(Jwts.sign(claims)));
    }

    @Test
    void notYetValid() {
        JwtClaimsBuilder claims = adminClaims().claim("nbf", Instant.now().plusSeconds(3600).getEpochSecond());
        assertUnauthorized(bearer(Jwts.sign(claims)));
    }

    @Test
    void tamperedPayload() {
        // A plain user's token promoted to admin after signing: the signature no longer matches.
        String valid = Jwts.user(accountId, UUID.randomUUID());
        String[] parts = valid.split("\\.");
        ObjectNode payload = (ObjectNode) SeedContract.parse(decode(parts[1]));
        payload.putArray("groups").add("admin");
        String tampered = parts[0] + "." + base64Url(payload.toString()) + "." + parts[2];
        assertUnauthorized(bearer(tampered));
    }

    @Test
    void tamperedSignature() {
        String[] parts = validAdminJwt().split("\\.");
        // Flip a character in the middle: the last one may only carry padding bits.
        char[] signature = parts[2].toCharArray();
        int middle = signature.length / 2;
        signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
        assertUnauthorized(bearer(parts[0] + "." + parts[1] + "." + new String(signature)));
    }

    @Test
    void wrongIssuer() {
        assertUnauthorized(bearer(Jwts.sign(adminClaims().issuer("https://issuer.elsewhere.example"))));
    }

    @Test
    void algNone() {
        String payload = validAdminJwt().split("\\.")[1];
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        assertUnauthorized(bearer(header + "." + payload + "."));
    }

    @Test
    void hs256SignedWithThePublicKeyAsSecret() throws GeneralSecurityException {
        // The classic key-confusion attack: the public key's PEM bytes used as an HMAC secret.
        String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"test-rsa\"}");
        String payload = validAdminJwt().split("\\.")[1];
        byte[] secret = Jwts.resource("test-keys/rsa-public.pem").getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        String jwt = header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        assertUnauthorized(bearer(jwt));
    }

    @Test
    void foreignKeyClaimingTheTrustedKidWithAJku() {
        assertUnauthorized(bearer(Jwts.signWithForeignKey(adminClaims(), "test-rsa")));
    }

    @Test
    void foreignKeyWithItsOwnKidAndAJku() {
        assertUnauthorized(bearer(Jwts.signWithForeignKey(adminClaims(), "attacker-key")));
    }

    @Test
    void unknownKid() throws GeneralSecurityException {
        PrivateKey trusted = KeyUtils.decodePrivateKey(Jwts.resource("test-keys/rsa-private.pem"),
                SignatureAlgorithm.RS256);
        String jwt = adminClaims().jws().keyId("no-such-key").algorithm(SignatureAlgorithm.RS256).sign(trusted);
        assertUnauthorized(bearer(jwt));
    }

    @Test
    void missingAccountId() {
        assertUnauthorized(bearer(Jwts.sign(Jwts.claims(null, adminId, "admin"))));
    }

    @Test
    void missingSub() {
        assertUnauthorized(bearer(Jwts.sign(Jwts.claims(accountId, null, "admin"))));
    }

    @Test
    void accountIdNotAUuid() {
        assertUnauthorized(bearer(Jwts.sign(adminClaims().claim("accountId", "acme"))));
    }

    @Test
    void subNotAUuid() {
        assertUnauthorized(bearer(Jwts.sign(adminClaims().subject("alice"))));
    }

    private JwtClaimsBuilder adminClaims() {
        return Jwts.claims(accountId, adminId, "admin");
    }

    private String validAdminJwt() {
        return Jwts.sign(adminClaims());
    }

    private static RequestSpecification bearer(String credential) {
        return given().header("Authorization", "Bearer " + credential);
    }

    private void assertUnauthorized(RequestSpecification request) {
        Response response = request.when().get(TOKEN_PATH, tokenId.toString()).then().extract().response();
        ErrorBodies.assertError(response, 401, "unauthorized");
        String challenge = response.getHeader("WWW-Authenticate");
        assertNotNull(challenge, "WWW-Authenticate is missing");
        assertTrue(challenge.startsWith("Bearer"), () -> "WWW-Authenticate should start with Bearer: " + challenge);
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64Url) {
        return new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8);
    }
}
