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

    /** The Retry-After given with a 503 when the database is unavailable. */
    @WithDefault("PT5S")
    Duration retryAfter();

    /** While the schema cannot be migrated (database down at start), how often to try again. */
    @WithDefault("PT5S")
    Duration migrationRetryInterval();
}
