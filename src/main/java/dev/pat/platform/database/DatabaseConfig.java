package dev.pat.platform.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bounds on every wait for the database ({@code pat.database.*}, environment {@code PAT_DATABASE_*}). */
@ConfigMapping(prefix = "pat.database")
public interface DatabaseConfig {

    /** How long a request waits for a pooled connection before it is answered 503. */
    @WithDefault("PT3S")
    Duration acquireTimeout();

    /** How long opening a connection to PostgreSQL may take. */
    @WithDefault("PT3S")
    Duration connectTimeout();

    /**
     * A connection that answers nothing for this long is closed, and a request waiting on it gets a
     * 503: what finds a connection that died silently (a NAT or load balancer that forgot it, a
     * failover behind a moved address), which TCP alone notices only after minutes. Longer than the
     * statement timeout, so a slow statement is never cut by it.
     */
    @WithDefault("PT10S")
    Duration deadConnectionTimeout();

    /** The Retry-After given with a 503 when the database is unavailable. */
    @WithDefault("PT5S")
    Duration retryAfter();

    /** While the schema cannot be migrated (database down at start), how often to try again. */
    @WithDefault("PT5S")
    Duration migrationRetryInterval();
}
