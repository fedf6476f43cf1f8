package dev.pat.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Real signed JWTs for tests, made with the test-only keys under src/test/resources/test-keys.
 * The service under test trusts test-keys/jwks.json (RSA kid "test-rsa", EC kid "test-ec"). Each
 * names this service in {@code aud}, as the identity provider's tokens for it do: the packaged
 * service of the black-box tests requires that audience, as production does (pom.xml); the Quarkus
 * tests configure none, and then SmallRye does not look at {@code aud}.
 */
public final class Jwts {

    public static final String ISSUER = "https://issuer.test.pat";
    /** The audience the black-box tests' service is started with (mp.jwt.verify.audiences in pom.xml). */
    public static final String AUDIENCE = "pat-service";

    private Jwts() {
    }

    /** A token for the user of the account, in the given roles, unscoped. */
    public static String forUser(UUID accountId, UUID userId, String... roles) {
        return sign(claims(accountId, userId, roles));
    }

    public static String admin(UUID accountId, UUID userId) {
        return forUser(accountId, userId, "admin");
    }

    public static String user(UUID accountId, UUID userId) {
        return forUser(accountId, userId, "user");
    }

    /** A token limited to the space-separated scopes. */
    public static String scoped(UUID accountId, UUID userId, String scope, String... roles) {
        JwtClaimsBuilder claims = claims(accountId, userId, roles);
        claims.claim("scope", scope);
        return sign(claims);
    }

    /** Claims with the usual defaults, for a test to change before signing. */
    public static JwtClaimsBuilder claims(UUID accountId, UUID userId, String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(600))
                .groups(new HashSet<>(Arrays.asList(roles)));
        if (userId != null) {
            claims.subject(userId.toString());
        }
        if (accountId != null) {
            claims.claim("accountId", accountId.toString());
        }
        return claims;
    }

    public static JwtClaimsBuilder customize(JwtClaimsBuilder claims, Consumer<JwtClaimsBuilder> change) {
        change.accept(claims);
        return claims;
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("test-rsa").algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(privateKey("test-keys/rsa-private.pem", "RSA"));
    }

    public static String signEs256(JwtClaimsBuilder claims) {
        return claims.jws().keyId("test-ec").algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256)
                .sign(privateKey("test-keys/ec-private.pem", "EC"));
    }

    /** Signed with a key the service does not trust. */
    public static String signWithForeignKey(JwtClaimsBuilder claims, String keyId) {
        return claims.jws().keyId(keyId).header("jku", "https://attacker.example/jwks.json")
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(privateKey("test-keys/other-rsa-private.pem", "RSA"));
    }

    public static String resource(String name) {
        try (InputStream in = Jwts.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey privateKey(String location, String algorithm) {
        try {
            return KeyUtils.decodePrivateKey(resource(location),
                    "EC".equals(algorithm) ? io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256
                            : io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + location, e);
        }
    }
}
