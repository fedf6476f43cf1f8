package dev.pat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.ServiceLog;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Black box: the packaged service started without a datasource URL, as a user might run it in
 * production by mistake. It warns, naming the variable to set; its embedded PostgreSQL keeps
 * fsync and synchronous commit on and wants its generated password; no demo data is loaded.
 */
@QuarkusIntegrationTest
class EmbeddedDatabaseDefaultsIT {

    private static final Path DATA = Path.of("target/it-postgres");

    @Test
    void theEmbeddedDefaultWarnsAndIsDurable() throws Exception {
        String log = ServiceLog.read();
        assertTrue(Pattern.compile("\"level\":\"WARN\"[^\\n]*QUARKUS_DATASOURCE_REACTIVE_URL is not set").matcher(log).find(),
                "a WARN line names QUARKUS_DATASOURCE_REACTIVE_URL");

        Matcher port = Pattern.compile("Embedded PostgreSQL started on port (\\d+)").matcher(log);
        assertTrue(port.find(), "the log says where the embedded PostgreSQL listens");
        String url = "jdbc:postgresql://localhost:" + port.group(1) + "/postgres";
        String password = Files.readString(DATA.resolve("pat-service-password")).trim();

        SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url, "postgres", "not-the-password").close());
        assertEquals("28P01", refused.getSQLState());

        try (Connection connection = DriverManager.getConnection(url, "postgres", password);
                Statement statement = connection.createStatement()) {
            assertEquals("on", single(statement, "SHOW fsync"));
            assertEquals("on", single(statement, "SHOW synchronous_commit"));
            assertEquals("localhost", single(statement, "SHOW listen_addresses"));
            assertEquals("0", single(statement, "SELECT count(*) FROM reseller WHERE name IN ('Northwind Resellers', 'Southwind Partners')"),
                    "no demo data without PAT_DEMO_ENABLED=true");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
