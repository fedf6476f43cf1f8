package dev.pat.credential;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The secret memory on each instance ({@code pat.secret-cache.*}), dropped on every change notice. */
@ConfigMapping(prefix = "pat.secret-cache")
public interface SecretCacheConfig {

    /** How many secrets are remembered at most; 0 checks every secret against the database. */
    @WithDefault("10000")
    int maxEntries();

    /**
     * The longest a checked secret is remembered, whatever the change feed says: no single missed
     * notice can keep a revoked secret accepted longer than this.
     */
    @WithDefault("PT1M")
    Duration maxAge();

    /** How often the change feed's connection proves it is alive (a round trip on it). */
    @WithDefault("PT2S")
    Duration heartbeatInterval();

    /** How long a heartbeat may take before the feed is declared lost (and the memory bypassed). */
    @WithDefault("PT3S")
    Duration heartbeatTimeout();

    /**
     * While the database is unreachable, how long after the feed's last proof of life a secret
     * remembered before it may still be accepted (bearer and introspection); 0 turns it off.
     */
    @WithDefault("PT30S")
    Duration staleIfError();
}
