package dev.pat.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The in-process PostgreSQL that serves when no database is configured.
 *
 * <p>Its data directory survives restarts, so nothing written in dev mode is lost. The running
 * server is remembered in a JVM-wide system property, not a static field: dev-mode hot reload
 * and test restarts load this class again in a new class loader, and must find the server
 * that is already running instead of starting a second one on the same directory.
 */
public final class EmbeddedPostgresServer {

    static final String USER = "postgres";
    private static final String RUNNING_PREFIX = "embedded-postgres-of-pat-service:";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    /** Servers started by this class loader, for tests that stop and start the database. */
    private static final Map<String, EmbeddedPostgres> STARTED = new HashMap<>();

    private EmbeddedPostgresServer() {
    }

    /** Starts the server on the data directory unless this JVM already runs it; answers its port. */
    public static synchronized int ensureStarted(String dataDir, boolean clean) {
        Path directory = Path.of(dataDir).toAbsolutePath().normalize();
        String key = RUNNING_PREFIX + directory;
        String running = System.getProperty(key);
        if (running != null) {
            return Integer.parseInt(running);
        }
        try {
            Files.createDirectories(directory.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(LocalPorts.free())
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(clean)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .start();
            STARTED.put(directory.toString(), postgres);
            System.setProperty(key, Integer.toString(postgres.getPort()));
            LOG.infof("Embedded PostgreSQL started on port %d with data in %s", postgres.getPort(), directory);
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory
                    + " (is another process using it?). Set QUARKUS_DATASOURCE_REACTIVE_URL to use an external database.", e);
        }
    }
}
