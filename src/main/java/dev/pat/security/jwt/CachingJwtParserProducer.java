package dev.pat.security.jwt;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/**
 * Puts {@link CachingJwtParser} in the place of SmallRye JWT's parser. Produced rather than
 * declared a bean, so that CDI does not inject the private fields of SmallRye's parser, which it
 * extends, into it.
 */
@Singleton
public class CachingJwtParserProducer {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTParser cachingJwtParser(JWTAuthContextInfo contextInfo, JwtCacheConfig config, InstantSource clock, VerificationKeys keys) {
        return new CachingJwtParser(contextInfo, config, clock, keys);
    }
}
