package dev.pat.security.jwt;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pat.support.ControlledClock;
import dev.pat.support.Jwts;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verified-JWT memory's expiry rule, on a clock the test moves: a remembered token is
 * answered from memory (the same instance) until the earlier of its exp and its maximum age, and
 * verified again from then on. Plain JUnit: no Quarkus, no database.
 */
class CachingJwtParserUnitTest {

    private static final long NOW = Instant.now().getEpochSecond();

    /** Keys from the context's own location, as with a PEM or JWKS file. */
    private static final VerificationKeys LOCAL_KEYS = new VerificationKeys((String) null, new JwksConfig() {
        @Override
        public Duration refreshInterval() {
            return Duration.ofMinutes(1);
        }

        @Override
        public Duration unknownKeyRefreshInterval() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration fetchTimeout() {
            return Duration.ofSeconds(5);
        }
    });

    private final ControlledClock clock = new ControlledClock();
    private JWTAuthContextInfo context;

    @BeforeEach
    void trustTheTestKey() throws Exception {
        context = new JWTAuthContextInfo(
                KeyUtils.decodePublicKey(Jwts.resource("test-keys/rsa-public.pem"), SignatureAlgorithm.RS256),
                Jwts.ISSUER);
        clock.freezeAt(Instant.ofEpochSecond(NOW));
    }

    @Test
    void aTokenIsRememberedUntilItsExpiry() throws Exception {
        CachingJwtParser parser = new CachingJwtParser(context, 10, Duration.ofHours(1), clock, LOCAL_KEYS);
        String jwt = sign(NOW, NOW + 600);
        JsonWebToken first = parser.parse(jwt);

        clock.advance(Duration.ofSeconds(599));
        assertSame(first, parser.parse(jwt), "remembered one second before exp");

        clock.advance(Duration.ofSeconds(1));
        assertNotSame(first, parser.parse(jwt), "verified again from exp on");
    }

    @Test
    void aTokenIsRememberedNoLongerThanItsMaximumAge() throws Exception {
        context.setTokenAge(60L);
        CachingJwtParser parser = new CachingJwtParser(context, 10, Duration.ofHours(1), clock, LOCAL_KEYS);
        String jwt = sign(NOW, NOW + 600);
        JsonWebToken first = parser.parse(jwt);

        clock.advance(Duration.ofSeconds(59));
        assertSame(first, parser.parse(jwt));
        clock.advance(Duration.ofSeconds(1));
        assertNotSame(first, parser.parse(jwt), "verified again once iat + maximum age is reached");
    }

    @Test
    void aTokenIsRememberedNoLongerThanTheTimeToLive() throws Exception {
        CachingJwtParser parser = new CachingJwtParser(context, 10, Duration.ofMinutes(5), clock, LOCAL_KEYS);
        String jwt = sign(NOW, NOW + 600);
        JsonWebToken first = parser.parse(jwt);

        clock.advance(Duration.ofSeconds(299));
        assertSame(first, parser.parse(jwt));
        clock.advance(Duration.ofSeconds(1));
        JsonWebToken again = parser.parse(jwt);
        assertNotSame(first, again, "verified again once the time to live is over");
        assertSame(again, parser.parse(jwt), "and remembered again from then on");
    }

    @Test
    void withNoEntriesEveryRequestIsVerified() throws Exception {
        CachingJwtParser parser = new CachingJwtParser(context, 0, Duration.ofHours(1), clock, LOCAL_KEYS);
        String jwt = sign(NOW, NOW + 600);
        assertNotSame(parser.parse(jwt), parser.parse(jwt));
    }

    @Test
    void aRefusedTokenIsNeverRemembered() throws Exception {
        CachingJwtParser parser = new CachingJwtParser(context, 10, Duration.ofHours(1), clock, LOCAL_KEYS);
        String tampered = sign(NOW, NOW + 600) + "x";
        assertThrows(ParseException.class, () -> parser.parse(tampered));
        assertThrows(ParseException.class, () -> parser.parse(tampered));
    }

    private static String sign(long issuedAt, long expiresAt) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(Jwts.ISSUER);
        claims.setSubject(UUID.randomUUID().toString());
        claims.setClaim("accountId", UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
        Key key = KeyUtils.decodePrivateKey(Jwts.resource("test-keys/rsa-private.pem"), SignatureAlgorithm.RS256);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue("test-rsa");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }
}
