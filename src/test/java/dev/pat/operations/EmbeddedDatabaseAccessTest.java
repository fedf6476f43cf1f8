package dev.pat.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
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
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL: the service connects as pat_service, a role without any privilege of
 * the cluster that owns the schema and everything in it, never as the superuser. Each role has its
 * own generated password, kept readable by its owner only in the data directory; every connection
 * needs one (no trust rule, not even for the socket), and the server listens on loopback only.
 */
@QuarkusTest
class EmbeddedDatabaseAccessTest {

    private static final Path DATA = Path.of("target/test-postgres");

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void theServiceConnectsAsARoleWithoutPrivilegesThatOwnsItsSchema() throws Exception {
        assertEquals("pat_service", user);
        try (Connection connection = connect(user, password); Statement statement = connection.createStatement()) {
            assertEquals("pat_service", single(statement, "select current_user"));
            assertEquals("f f f f f", single(statement, "select concat_ws(' ', rolsuper, rolcreaterole, rolcreatedb, rolreplication,"
                    + " rolbypassrls) from pg_roles where rolname = current_user"), "superuser, createrole, createdb, replication, bypassrls");
            assertEquals("pat_service", single(statement, "select nspowner::regrole::text from pg_namespace where nspname = 'public'"));
            assertEquals("", single(statement, "select coalesce(string_agg(c.relname || ' of ' || c.relowner::regrole::text, ', '), '')"
                    + " from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'i')"
                    + " and c.relowner <> current_user::regrole and not exists (select from pg_depend d where d.objid = c.oid"
                    + " and d.classid = 'pg_class'::regclass and d.deptype = 'e')"), "objects of the schema another role owns");
            assertEquals("pat_service", single(statement, "select tableowner from pg_tables where tablename = 'flyway_schema_history'"));
            // The migrations ran as this role: pg_trgm's search indexes are there.
            assertEquals("1", single(statement, "select count(*) from pg_indexes where indexname = 'personal_access_token_name_trgm'"));
        }
    }

    @Test
    void eachRoleHasItsOwnPasswordReadableByItsOwnerOnly() throws Exception {
        Path serviceFile = DATA.resolve("pat-service-password");
        Path superuserFile = DATA.resolve("superuser-password");
        String superuserPassword = Files.readString(superuserFile).trim();
        assertEquals(password, Files.readString(serviceFile).trim());
        for (Path file : List.of(serviceFile, superuserFile)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        assertTrue(password.length() >= 32 && superuserPassword.length() >= 32, "long random passwords");
        assertNotEquals(password, superuserPassword);
        try (Connection connection = connect("postgres", superuserPassword); Statement statement = connection.createStatement()) {
            assertEquals("true", single(statement, "select rolsuper::text from pg_roles where rolname = current_user"));
            assertEquals("localhost", single(statement, "show listen_addresses"));
            assertEquals("scram-sha-256", single(statement, "show password_encryption"));
            assertEquals("0", single(statement, "select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256'"),
                    "every rule asks for a password");
        }
    }

    @Test
    void aConnectionWithoutItsRolesPasswordIsRefused() throws Exception {
        String superuserPassword = Files.readString(DATA.resolve("superuser-password")).trim();
        for (String role : List.of("postgres", "pat_service")) {
            SQLException none = assertThrows(SQLException.class, () -> connect(role, null).close());
            // 08004: the server asked for a password the client did not have (SCRAM), 28P01/28000: refused.
            assertTrue(Set.of("08004", "28P01", "28000").contains(none.getSQLState()), role + ": " + none.getSQLState() + " " + none.getMessage());
            SQLException wrong = assertThrows(SQLException.class, () -> connect(role, "postgres").close());
            assertEquals("28P01", wrong.getSQLState(), role + ": " + wrong.getMessage());
        }
        SQLException swapped = assertThrows(SQLException.class, () -> connect("postgres", password).close());
        assertEquals("28P01", swapped.getSQLState(), "the service's password does not open the superuser");
        SQLException other = assertThrows(SQLException.class, () -> connect("pat_service", superuserPassword).close());
        assertEquals("28P01", other.getSQLState());
        assertFalse(password.isBlank());
    }

    private Connection connect(String role, String withPassword) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        if (withPassword != null) {
            properties.setProperty("password", withPassword);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
