package dev.pat.platform.database.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Data directories written by earlier versions of the service, started by this one (plain JUnit on
 * real PostgreSQL servers of their own, no Quarkus):
 *
 * <ul>
 * <li>from before passwords (initdb's trust, no password file): the cluster is never open to a
 * connection without a password, not even during the start that gives its superuser one;
 * <li>from when the service connected as the superuser (its one password file was the superuser's).
 * </ul>
 * Either way the service then connects as pat_service, which owns what the superuser had made, and
 * each role's password is in its own owner-only file.
 */
class EmbeddedPostgresEarlierClustersTest {

    private final Path data = Path.of("target/earlier-cluster-" + UUID.randomUUID()).toAbsolutePath();

    @AfterEach
    void stopAndRemove() throws IOException {
        EmbeddedPostgresServer.stop(data.toString());
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aClusterFromBeforePasswordsIsNeverOpenWithoutOne() throws Exception {
        // As the embedded library makes a cluster: initdb -A trust, every connection trusted.
        try (EmbeddedPostgres before = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(LocalPorts.free()).start();
                Connection connection = before.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table earlier_note (id int primary key, note text)");
            statement.execute("insert into earlier_note values (1, 'written before passwords')");
        }

        ConcurrentLinkedQueue<String> intrusions = new ConcurrentLinkedQueue<>();
        AtomicBoolean starting = new AtomicBoolean(true);
        Thread intruder = new Thread(() -> {
            // Knocks without a password as fast as it can, on whatever port the server writes in its pid file.
            while (starting.get()) {
                String opened = tryWithoutPassword();
                if (opened != null) {
                    intrusions.add(opened);
                }
            }
        }, "intruder");
        intruder.start();
        EmbeddedPostgresServer.Connection service;
        try {
            service = EmbeddedPostgresServer.ensureStarted(data.toString(), false, false);
        } finally {
            starting.set(false);
            intruder.join();
        }
        assertEquals(List.of(), List.copyOf(intrusions), "connections let in without a password during the start");

        assertServiceOwnsWhatWasThere(service);
        try (Connection connection = connect(service.port(), service.user(), service.password())) {
            assertEquals("written before passwords", single(connection, "select note from earlier_note where id = 1"));
        }
    }

    @Test
    void aClusterWhoseOnePasswordWasTheSuperusersKeepsIt() throws Exception {
        String superuserPassword = "0123456789abcdef0123456789abcdef0123456789abcdef";
        Path pwfile = Files.createTempFile("earlier", ".pw");
        Files.writeString(pwfile, superuserPassword);
        try (EmbeddedPostgres before = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(LocalPorts.free()).setLocaleConfig("pwfile", pwfile.toString()).setConnectConfig("password", superuserPassword)
                .setDataDirectoryCustomizer(directory -> {
                    try {
                        Files.writeString(directory.toPath().resolve("pg_hba.conf"), "local all all scram-sha-256\n"
                                + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
                        Files.writeString(directory.toPath().resolve("pat-service-password"), superuserPassword);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).start();
                Connection connection = before.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table earlier_note (id int primary key, note text)");
            statement.execute("insert into earlier_note values (1, 'written as the superuser')");
            statement.execute("create function earlier_function() returns int language sql as 'select 1'");
        } finally {
            Files.deleteIfExists(pwfile);
        }

        EmbeddedPostgresServer.Connection service = EmbeddedPostgresServer.ensureStarted(data.toString(), false, false);

        assertEquals(superuserPassword, Files.readString(data.resolve("superuser-password")).trim(), "the superuser's password, kept");
        assertNotEquals(superuserPassword, service.password());
        assertServiceOwnsWhatWasThere(service);
        try (Connection connection = connect(service.port(), service.user(), service.password())) {
            assertEquals("written as the superuser", single(connection, "select note from earlier_note where id = 1"));
            assertEquals("pat_service", single(connection, "select proowner::regrole::text from pg_proc where proname = 'earlier_function'"));
        }
    }

    private void assertServiceOwnsWhatWasThere(EmbeddedPostgresServer.Connection service) throws Exception {
        assertEquals("pat_service", service.user());
        assertEquals(service.password(), Files.readString(data.resolve("pat-service-password")).trim());
        String superuserPassword = Files.readString(data.resolve("superuser-password")).trim();
        for (String file : List.of("pat-service-password", "superuser-password")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file))), file);
        }
        try (Connection connection = connect(service.port(), service.user(), service.password())) {
            assertEquals("false", single(connection, "select rolsuper::text from pg_roles where rolname = current_user"));
            assertEquals("pat_service", single(connection, "select tableowner from pg_tables where tablename = 'earlier_note'"));
            assertEquals("pat_service", single(connection, "select nspowner::regrole::text from pg_namespace where nspname = 'public'"));
        }
        try (Connection connection = connect(service.port(), "postgres", superuserPassword)) {
            assertEquals("0", single(connection, "select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256'"),
                    "every rule asks for a password");
        }
        assertTrue(service.password().length() >= 32);
    }

    /** A connection to this test's server without a password, if one is let in: what it was, else null. */
    private String tryWithoutPassword() {
        int port;
        try {
            List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"));
            port = pid.size() > 3 ? Integer.parseInt(pid.get(3).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        if (port <= 0) {
            return null;
        }
        for (String role : List.of("postgres", "pat_service")) {
            try (Connection connection = connect(port, role, null)) {
                String directory = single(connection, "select setting from pg_settings where name = 'data_directory'");
                // Some other server that happened to be on that port is none of this test's business.
                if (Path.of(directory).toAbsolutePath().normalize().equals(data)) {
                    return role + " on port " + port;
                }
            } catch (SQLException refused) {
                // refused, or not listening yet: as it should be
            }
        }
        return null;
    }

    private static Connection connect(int port, String role, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "2");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", properties);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
