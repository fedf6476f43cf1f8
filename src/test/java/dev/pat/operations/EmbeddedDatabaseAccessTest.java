package dev.pat.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL asks every connection for the password generated when its cluster was
 * created, kept readable by its owner only, and listens on loopback only.
 */
@QuarkusTest
class EmbeddedDatabaseAccessTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void aConnectionWithoutThePasswordIsRefused() {
        SQLException refused = assertThrows(SQLException.class, () -> connect(null).close());
        // 08004: the server asked for a password the client did not have (SCRAM), 28P01/28000: refused.
        org.junit.jupiter.api.Assertions.assertTrue(
                java.util.Set.of("08004", "28P01", "28000").contains(refused.getSQLState()), refused.getSQLState() + " " + refused.getMessage());
    }

    @Test
    void aConnectionWithAWrongPasswordIsRefused() {
        SQLException refused = assertThrows(SQLException.class, () -> connect("postgres").close());
        assertEquals("28P01", refused.getSQLState(), refused.getMessage());
    }

    @Test
    void theGeneratedPasswordOpensItOnLoopbackOnly() throws Exception {
        try (Connection connection = connect(password); Statement statement = connection.createStatement()) {
            assertEquals("localhost", show(statement, "listen_addresses"));
            assertEquals("scram-sha-256", show(statement, "password_encryption"));
        }
        Path file = Path.of("target/test-postgres/pat-service-password");
        assertEquals(password, Files.readString(file).trim());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        org.junit.jupiter.api.Assertions.assertTrue(password.length() >= 32, "a long random password");
    }

    private Connection connect(String withPassword) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (withPassword != null) {
            properties.setProperty("password", withPassword);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
