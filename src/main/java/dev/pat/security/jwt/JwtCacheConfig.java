package dev.pat.security.jwt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The memory of verified JWTs ({@code pat.jwt-cache.*}), see {@link CachingJwtParser}. */
@ConfigMapping(prefix = "pat.jwt-cache")
public interface JwtCacheConfig {

    /** How many verified JWTs are remembered (until their exp or maximum age); 0 verifies every request. */
    @WithDefault("2000")
    int maxEntries();

    /** How long at most a verified JWT is trusted without verifying it again (a withdrawn key stops counting then). */
    @WithDefault("PT5M")
    Duration timeToLive();
}
