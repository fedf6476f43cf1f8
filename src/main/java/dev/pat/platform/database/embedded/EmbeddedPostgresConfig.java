package dev.pat.platform.database.embedded;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The embedded PostgreSQL ({@code pat.embedded-postgres.*}). Read before CDI starts, by
 * {@link EmbeddedPostgresConfigSourceFactory}; declared here to document and validate the keys.
 */
@ConfigMapping(prefix = "pat.embedded-postgres")
public interface EmbeddedPostgresConfig {

    /** Start the embedded PostgreSQL when no datasource URL is configured. */
    @WithDefault("true")
    boolean enabled();

    /** Its data directory, kept across restarts. */
    @WithDefault(".pat-data/postgres")
    String dataDir();

    /** Wipe the data directory at start (tests). */
    @WithDefault("false")
    boolean clean();

    /** Set by the service itself when the embedded database serves this run. */
    @WithDefault("false")
    boolean active();
}
