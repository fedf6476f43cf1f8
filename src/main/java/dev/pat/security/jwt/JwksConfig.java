package dev.pat.security.jwt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** A remote JWKS, an http(s) MP_JWT_VERIFY_PUBLICKEY_LOCATION ({@code pat.jwks.*}), held by {@link VerificationKeys}. */
@ConfigMapping(prefix = "pat.jwks")
public interface JwksConfig {

    /** How old the fetched key set may get before it is fetched again in the background. */
    @WithDefault("PT1M")
    Duration refreshInterval();

    /** A token naming an unknown key id fetches the set again at most this often. */
    @WithDefault("PT10S")
    Duration unknownKeyRefreshInterval();

    /** How long one fetch may take. */
    @WithDefault("PT5S")
    Duration fetchTimeout();
}
