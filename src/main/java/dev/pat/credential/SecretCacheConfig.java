package dev.pat.credential;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The secret memory on each instance ({@code pat.secret-cache.*}), dropped on every change notice. */
@ConfigMapping(prefix = "pat.secret-cache")
public interface SecretCacheConfig {

    /** How many secrets are remembered at most; 0 checks every secret against the database. */
    @WithDefault("10000")
    int maxEntries();
}
