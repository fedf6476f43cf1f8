package dev.pat.security;

import dev.pat.config.PatConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * SmallRye JWT's parser with a bounded memory of tokens it has already verified. A client sends
 * the same JWT with every call until it expires; verifying its signature and parsing its JSON
 * again each time is most of a request's CPU. A token is remembered only after SmallRye accepted
 * it (signature, algorithm, issuer, audience, times) and only until the earlier of its {@code exp}
 * and the end of its maximum age: past that it is verified again, and refused. The cache never
 * accepts a token SmallRye did not.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {

    private record Verified(JsonWebToken token, long validUntilEpochSecond) {
    }

    private final DefaultJWTParser verifier;
    private final int maxEntries;
    private final Long maxAgeSeconds;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    public CachingJwtParser(JWTAuthContextInfo contextInfo, PatConfig config, InstantSource clock) {
        this(contextInfo, config.jwtCache().maxEntries(), clock);
    }

    CachingJwtParser(JWTAuthContextInfo contextInfo, int maxEntries, InstantSource clock) {
        this.verifier = new DefaultJWTParser(contextInfo);
        this.maxEntries = maxEntries;
        this.maxAgeSeconds = contextInfo.getTokenAge();
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        long now = clock.instant().getEpochSecond();
        Verified known = maxEntries > 0 ? verified.get(bearerToken) : null;
        if (known != null) {
            if (now < known.validUntilEpochSecond()) {
                return known.token();
            }
            verified.remove(bearerToken, known);
        }
        JsonWebToken token = verifier.parse(bearerToken);
        remember(bearerToken, token, now);
        return token;
    }

    private void remember(String bearerToken, JsonWebToken token, long now) {
        if (maxEntries <= 0 || token.getExpirationTime() <= 0) {
            return;
        }
        long validUntil = token.getExpirationTime();
        if (maxAgeSeconds != null && token.getIssuedAtTime() > 0) {
            validUntil = Math.min(validUntil, token.getIssuedAtTime() + maxAgeSeconds);
        }
        if (validUntil <= now) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(entry -> entry.validUntilEpochSecond() <= now);
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(bearerToken, new Verified(token, validUntil));
    }

    @Override
    public JsonWebToken parse(String bearerToken, JWTAuthContextInfo newAuthContextInfo) throws ParseException {
        return verifier.parse(bearerToken, newAuthContextInfo);
    }

    @Override
    public JsonWebToken verify(String bearerToken, PublicKey key) throws ParseException {
        return verifier.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, SecretKey key) throws ParseException {
        return verifier.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, String secret) throws ParseException {
        return verifier.verify(bearerToken, secret);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, PrivateKey key) throws ParseException {
        return verifier.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, SecretKey key) throws ParseException {
        return verifier.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, String secret) throws ParseException {
        return verifier.decrypt(bearerToken, secret);
    }

    @Override
    public JsonWebToken parseOnly(String bearerToken) throws ParseException {
        return verifier.parseOnly(bearerToken);
    }
}
