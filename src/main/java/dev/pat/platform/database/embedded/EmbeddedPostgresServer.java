package dev.pat.platform.database.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
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
 *
 * <p>The service never connects as the cluster's superuser: the superuser only sets up, at every
 * start, the role the service uses ({@link EmbeddedPostgresServiceRole}), and both have a password
 * of their own, generated and kept owner-only in the data directory ({@link EmbeddedPostgresPasswords}).
 * No start ever trusts a connection without one: a cluster from before passwords gets its superuser's
 * in single-user mode, before the server listens ({@link EmbeddedPostgresSingleUser}).
 */
public final class EmbeddedPostgresServer {

    static final String SUPERUSER = "postgres";
    private static final String RUNNING_PREFIX = "embedded-postgres-of-pat-service:";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    /** Servers started by this class loader, for tests that stop and start the database. */
    private static final Map<String, EmbeddedPostgres> STARTED = new HashMap<>();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private EmbeddedPostgresServer() {
    }

    /** Where it listens, and whom the service connects as. */
    public record Connection(int port, String user, String password) {

        @Override
        public String toString() {
            return "Connection[port=" + port + ", user=" + user + "]";
        }
    }

    /**
     * Starts the server on the data directory unless this JVM already runs it, and returns how the
     * service connects to it: as {@value EmbeddedPostgresServiceRole#NAME}, with that role's password.
     * It listens on loopback only and asks every connection, TCP or socket, for its role's password
     * (scram-sha-256). {@code durable} keeps PostgreSQL's fsync and synchronous commit on, which the
     * embedded library turns off for speed; only the tests run without them.
     */
    public static synchronized Connection ensureStarted(String dataDir, boolean clean, boolean durable) {
        Path directory = Path.of(dataDir).toAbsolutePath().normalize();
        String key = RUNNING_PREFIX + directory;
        String running = System.getProperty(key);
        if (running != null) {
            return new Connection(Integer.parseInt(running), EmbeddedPostgresServiceRole.NAME, EmbeddedPostgresPasswords.service(directory));
        }
        try {
            Files.createDirectories(directory.getParent());
            boolean newCluster = clean || !Files.exists(directory.resolve("PG_VERSION"));
            EmbeddedPostgresPasswords passwords = EmbeddedPostgresPasswords.of(directory, newCluster);
            // Only a cluster without any password needs the binaries' path, to set one in single-user mode.
            EmbeddedPostgresSingleUser singleUser = passwords.layout() == EmbeddedPostgresPasswords.Layout.NONE
                    ? new EmbeddedPostgresSingleUser(EmbeddedPostgresSingleUser.defaultWorkingDirectory())
                    : null;
            Path initialPassword = Files.createTempFile(directory.getParent(), "pat-initdb", ".pw", OWNER_ONLY);
            Files.writeString(initialPassword, passwords.superuser());
            EmbeddedPostgres postgres;
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setPort(LocalPorts.free())
                        .setDataDirectory(directory)
                        .setCleanDataDirectory(clean)
                        // The library passes these to initdb as --name=value: the superuser's password at creation.
                        .setLocaleConfig("pwfile", initialPassword.toString())
                        .setDataDirectoryCustomizer(data -> beforeEveryStart(data.toPath(), passwords, singleUser))
                        .setConnectConfig("password", passwords.superuser())
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("password_encryption", "scram-sha-256")
                        .setServerConfig("fsync", durable ? "on" : "off")
                        .setServerConfig("synchronous_commit", durable ? "on" : "off")
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("shared_preload_libraries", "pg_stat_statements");
                if (singleUser != null) {
                    builder.setPgBinaryResolver(singleUser).setOverrideWorkingDirectory(EmbeddedPostgresSingleUser.defaultWorkingDirectory().toFile());
                }
                postgres = builder.start();
            } finally {
                Files.deleteIfExists(initialPassword);
            }
            try {
                EmbeddedPostgresServiceRole.ensure(postgres.getPostgresDatabase(), passwords.service());
            } catch (java.sql.SQLException e) {
                postgres.close();
                throw new IOException("Could not set up the role " + EmbeddedPostgresServiceRole.NAME + ": " + e.getMessage(), e);
            }
            STARTED.put(directory.toString(), postgres);
            System.setProperty(key, Integer.toString(postgres.getPort()));
            LOG.infof("Embedded PostgreSQL started on port %d with data in %s; the service connects as %s",
                    postgres.getPort(), directory, EmbeddedPostgresServiceRole.NAME);
            return new Connection(postgres.getPort(), EmbeddedPostgresServiceRole.NAME, passwords.service());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory
                    + " (is another process using it?). Set QUARKUS_DATASOURCE_REACTIVE_URL to use an external database.", e);
        }
    }

    /** Stops a server this class loader started (tests). */
    static synchronized void stop(String dataDir) throws IOException {
        Path directory = Path.of(dataDir).toAbsolutePath().normalize();
        EmbeddedPostgres postgres = STARTED.remove(directory.toString());
        System.clearProperty(RUNNING_PREFIX + directory);
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * Runs after initdb, before every start, while the server is down: a cluster without a password
     * gets its superuser's; only password logins are let in; both passwords are kept beside the data.
     */
    private static void beforeEveryStart(Path directory, EmbeddedPostgresPasswords passwords, EmbeddedPostgresSingleUser singleUser) {
        if (singleUser != null) {
            LOG.infof("The embedded PostgreSQL in %s was created before passwords were required: its superuser gets one"
                    + " in single-user mode, before the server listens", directory);
            singleUser.setPassword(directory, SUPERUSER, passwords.superuser());
        }
        try {
            writeHba(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        passwords.write(directory);
    }

    private static void writeHba(Path directory) throws IOException {
        Files.writeString(directory.resolve("pg_hba.conf"), String.join("\n",
                "# Written by the service at each start: loopback only, a password for every role, never trust.",
                "local all all scram-sha-256",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256", ""));
    }
}
