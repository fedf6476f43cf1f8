package dev.pat.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
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
    static final String PASSWORD_FILE = "pat-service-password";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private EmbeddedPostgresServer() {
    }

    /** Where it listens, and what it needs, once started. */
    public record Connection(int port, String password) {
    }

    /**
     * Starts the server on the data directory unless this JVM already runs it. It listens on
     * loopback only and asks every connection, TCP or socket, for the password generated when its
     * cluster was created (kept in {@value #PASSWORD_FILE} in the data directory, readable by its
     * owner only). {@code durable} keeps PostgreSQL's fsync and synchronous commit on, which the
     * embedded library turns off for speed; only the tests run without them.
     */
    public static synchronized Connection ensureStarted(String dataDir, boolean clean, boolean durable) {
        Path directory = Path.of(dataDir).toAbsolutePath().normalize();
        String key = RUNNING_PREFIX + directory;
        String running = System.getProperty(key);
        if (running != null) {
            return new Connection(Integer.parseInt(running), readPassword(directory));
        }
        try {
            Files.createDirectories(directory.getParent());
            boolean newCluster = clean || !Files.exists(directory.resolve("PG_VERSION"));
            boolean legacyCluster = !newCluster && !Files.exists(directory.resolve(PASSWORD_FILE));
            String password = newCluster || legacyCluster ? generatePassword() : readPassword(directory);
            Path initialPassword = Files.createTempFile(directory.getParent(), "pat-initdb", ".pw", OWNER_ONLY);
            Files.writeString(initialPassword, password);
            EmbeddedPostgres postgres;
            try {
                postgres = EmbeddedPostgres.builder()
                        .setPort(LocalPorts.free())
                        .setDataDirectory(directory)
                        .setCleanDataDirectory(clean)
                        // The library passes these to initdb as --name=value: the superuser's password at creation.
                        .setLocaleConfig("pwfile", initialPassword.toString())
                        .setDataDirectoryCustomizer(data -> requirePasswords(data.toPath(), password, legacyCluster))
                        .setConnectConfig("password", password)
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("password_encryption", "scram-sha-256")
                        .setServerConfig("fsync", durable ? "on" : "off")
                        .setServerConfig("synchronous_commit", durable ? "on" : "off")
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .start();
            } finally {
                Files.deleteIfExists(initialPassword);
            }
            if (legacyCluster) {
                // Created before passwords were required: give the superuser its password, then close the door.
                try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection();
                        java.sql.Statement statement = connection.createStatement()) {
                    statement.execute("ALTER USER " + USER + " PASSWORD '" + password + "'");
                    writeHba(directory, "scram-sha-256");
                    statement.execute("SELECT pg_reload_conf()");
                } catch (java.sql.SQLException e) {
                    throw new IOException("Could not set the embedded PostgreSQL's password", e);
                }
            }
            STARTED.put(directory.toString(), postgres);
            System.setProperty(key, Integer.toString(postgres.getPort()));
            LOG.infof("Embedded PostgreSQL started on port %d with data in %s", postgres.getPort(), directory);
            return new Connection(postgres.getPort(), password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory
                    + " (is another process using it?). Set QUARKUS_DATASOURCE_REACTIVE_URL to use an external database.", e);
        }
    }

    /** Runs after initdb, before every start: only password logins, and the password kept beside the data. */
    private static void requirePasswords(Path directory, String password, boolean legacyCluster) {
        try {
            // A cluster from before passwords has none yet: trust loopback for this one start, until it is set.
            writeHba(directory, legacyCluster ? "trust" : "scram-sha-256");
            Path file = directory.resolve(PASSWORD_FILE);
            if (!Files.exists(file)) {
                Files.createFile(file, OWNER_ONLY);
            }
            Files.writeString(file, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeHba(Path directory, String method) throws IOException {
        Files.writeString(directory.resolve("pg_hba.conf"), String.join("\n",
                "# Written by the service at each start: loopback only, password required.",
                "local all all " + method,
                "host all all 127.0.0.1/32 " + method,
                "host all all ::1/128 " + method, ""));
    }

    private static String readPassword(Path directory) {
        try {
            return Files.readString(directory.resolve(PASSWORD_FILE)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL's password file is missing in " + directory, e);
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
