package dev.pat.security.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * SmallRye JWT's parser (extended, so every other way of parsing stays SmallRye's own) with a
 * bounded memory of tokens it has already verified. A client sends the same JWT with every call
 * until it expires; verifying its signature and parsing its JSON
 * again each time is most of a request's CPU. A token is remembered only after SmallRye accepted
 * it (signature, algorithm, issuer, audience, times), keyed by its SHA-256 (no bearer token is kept
 * as a key), in a bounded cache (Caffeine), and only until the earliest of its {@code exp}, the end
 * of its maximum age, and a short time to live (so that a withdrawn signing key stops being trusted
 * soon): past that it is verified again, and refused. When the keys come from a remote JWKS
 * ({@link VerificationKeys}), each token is verified with the key its header names, and a change of
 * the key set forgets every token verified before. The cache never accepts a token SmallRye did not.
 * {@link CachingJwtParserProducer} puts it in SmallRye's place.
 */
public class CachingJwtParser extends DefaultJWTParser {

    private record Verified(JsonWebToken token, long validUntilEpochSecond, long keyGeneration) {
    }

    private final Long maxAgeSeconds;
    private final long timeToLiveSeconds;
    private final InstantSource clock;
    private final Cache<String, Verified> verified;
    private final VerificationKeys keys;
    private volatile long keyGeneration;

    public CachingJwtParser(JWTAuthContextInfo contextInfo, JwtCacheConfig config, InstantSource clock, VerificationKeys keys) {
        this(contextInfo, config.maxEntries(), config.timeToLive(), clock, keys);
    }

    CachingJwtParser(JWTAuthContextInfo contextInfo, int maxEntries, Duration timeToLive, InstantSource clock, VerificationKeys keys) {
        super(contextInfo);
        this.keys = keys;
        this.maxAgeSeconds = contextInfo.getTokenAge();
        this.timeToLiveSeconds = Math.max(1, timeToLive.toSeconds());
        this.clock = clock;
        // Expiry is decided on read against the service clock; the cache's own expiry only frees memory.
        this.verified = maxEntries > 0
                ? Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(Duration.ofSeconds(timeToLiveSeconds)).build()
                : null;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        long now = clock.instant().getEpochSecond();
        long generation = currentKeyGeneration();
        String key = verified == null ? null : digest(bearerToken);
        Verified known = key == null ? null : verified.getIfPresent(key);
        if (known != null && now < known.validUntilEpochSecond() && known.keyGeneration() == generation) {
            return known.token();
        }
        JsonWebToken token = keys.remote() ? verify(bearerToken, remoteKey(bearerToken)) : super.parse(bearerToken);
        generation = currentKeyGeneration();
        if (key != null && token.getExpirationTime() > 0) {
            long validUntil = Math.min(token.getExpirationTime(), now + timeToLiveSeconds);
            if (maxAgeSeconds != null && token.getIssuedAtTime() > 0) {
                validUntil = Math.min(validUntil, token.getIssuedAtTime() + maxAgeSeconds);
            }
            if (validUntil > now) {
                verified.put(key, new Verified(token, validUntil, generation));
            }
        }
        return token;
    }

    /** The key generation now; when it moved on, everything verified with the old keys is forgotten. */
    private long currentKeyGeneration() {
        if (!keys.remote()) {
            return 0;
        }
        keys.refreshIfStale();
        long generation = keys.generation();
        if (generation != keyGeneration) {
            keyGeneration = generation;
            if (verified != null) {
                verified.invalidateAll();
            }
        }
        return generation;
    }

    private PublicKey remoteKey(String bearerToken) throws ParseException {
        try {
            JsonWebStructure header = JsonWebStructure.fromCompactSerialization(bearerToken);
            return keys.keyFor(header.getKeyIdHeaderValue(), header.getAlgorithmHeaderValue());
        } catch (JoseException e) {
            throw new ParseException("Not a compact JWS");
        }
    }

    private static String digest(String bearerToken) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bearerToken.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
