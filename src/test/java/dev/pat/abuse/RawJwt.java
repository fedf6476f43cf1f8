package dev.pat.abuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pat.support.Jwts;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JWTs assembled by hand: any header, any claim of any JSON type (or none at all), signed with
 * the trusted test keys or a foreign one. The SmallRye builder cannot make these: it adds iat,
 * exp and jti itself and types the registered claims.
 */
final class RawJwt {

    static final PrivateKey RSA = key("test-keys/rsa-private.pem", SignatureAlgorithm.RS256);
    static final PrivateKey EC = key("test-keys/ec-private.pem", SignatureAlgorithm.ES256);
    /** A key the service does not trust. */
    static final PrivateKey FOREIGN_RSA = key("test-keys/other-rsa-private.pem", SignatureAlgorithm.RS256);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private RawJwt() {
    }

    /** The header of a token the service trusts: RS256 with the kid of the trusted RSA key. */
    static Map<String, Object> rs256Header() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", "test-rsa");
        return header;
    }

    /** Claims the service accepts: the test issuer, sub, accountId, groups, issued now, valid ten minutes. */
    static Map<String, Object> claims(UUID accountId, UUID userId, String... groups) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", Jwts.ISSUER);
        claims.put("sub", userId.toString());
        claims.put("accountId", accountId.toString());
        claims.put("groups", List.of(groups));
        claims.put("iat", now);
        claims.put("exp", now + 600);
        return claims;
    }

    /** RS256 with the trusted key, whatever the header says. */
    static String rs256(Map<String, Object> header, Map<String, Object> claims) {
        return sign(header, claims, RSA, "SHA256withRSA");
    }

    /** ES256 with the trusted EC key; JWS wants the raw R||S signature, not DER. */
    static String es256(Map<String, Object> header, Map<String, Object> claims) {
        return sign(header, claims, EC, "SHA256withECDSAinP1363Format");
    }

    static String rs512(Map<String, Object> header, Map<String, Object> claims) {
        return sign(header, claims, RSA, "SHA512withRSA");
    }

    static String ps256(Map<String, Object> header, Map<String, Object> claims) {
        try {
            String input = encodePart(header) + "." + encodePart(claims);
            Signature signature = Signature.getInstance("RSASSA-PSS");
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            signature.initSign(RSA);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String foreign(Map<String, Object> header, Map<String, Object> claims) {
        return sign(header, claims, FOREIGN_RSA, "SHA256withRSA");
    }

    static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key, String jcaAlgorithm) {
        try {
            String input = encodePart(header) + "." + encodePart(claims);
            Signature signature = Signature.getInstance(jcaAlgorithm);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public half of the foreign key as a JWK, for an attacker's embedded "jwk" header. */
    static Map<String, Object> foreignPublicJwk() {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) FOREIGN_RSA;
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", "attacker-key");
        jwk.put("n", BASE64URL.encodeToString(unsigned(key.getModulus())));
        jwk.put("e", BASE64URL.encodeToString(unsigned(key.getPublicExponent())));
        return jwk;
    }

    static String encodePart(Map<String, Object> part) {
        try {
            return BASE64URL.encodeToString(RawHttp.JSON.writeValueAsBytes(part));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static PrivateKey key(String location, SignatureAlgorithm algorithm) {
        try {
            return KeyUtils.decodePrivateKey(Jwts.resource(location), algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read " + location, e);
        }
    }
}
