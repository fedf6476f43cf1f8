package dev.pat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.platform.database.embedded.LocalPorts;
import dev.pat.support.Jwts;
import dev.pat.support.ServiceLog;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Black box: the packaged service's production defaults. Started without a datasource URL, as a
 * user might run it in production by mistake, it warns, naming the variable to set; its embedded
 * PostgreSQL keeps fsync and synchronous commit on, wants a generated password for every role, and
 * the service connects as pat_service, not as the superuser; no demo data is loaded. Its health and
 * metrics listen on loopback only, its API on every interface. Without a JWT audience it does not
 * start at all.
 */
@QuarkusIntegrationTest
class EmbeddedDatabaseDefaultsIT {

    private static final Path DATA = Path.of("target/it-postgres");

    @Test
    void theEmbeddedDefaultWarnsAndIsDurable() throws Exception {
        String log = ServiceLog.read();
        assertTrue(Pattern.compile("\"level\":\"WARN\"[^\\n]*QUARKUS_DATASOURCE_REACTIVE_URL is not set").matcher(log).find(),
                "a WARN line names QUARKUS_DATASOURCE_REACTIVE_URL");
        assertFalse(log.contains("PAT_JWT_ALLOW_"), "no JWT requirement waived");

        Matcher port = Pattern.compile("Embedded PostgreSQL started on port (\\d+)").matcher(log);
        assertTrue(port.find(), "the log says where the embedded PostgreSQL listens");
        String url = "jdbc:postgresql://localhost:" + port.group(1) + "/postgres";
        String superuserPassword = Files.readString(DATA.resolve("superuser-password")).trim();
        String servicePassword = Files.readString(DATA.resolve("pat-service-password")).trim();
        for (String file : List.of("superuser-password", "pat-service-password")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA.resolve(file))), file);
        }
        assertNotEquals(superuserPassword, servicePassword);

        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url, "postgres", "not-the-password").close());
        assertEquals("28P01", refused.getSQLState());
        SQLException notTheService = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url, "postgres", servicePassword).close());
        assertEquals("28P01", notTheService.getSQLState());

        try (Connection connection = DriverManager.getConnection(url, "postgres", superuserPassword);
                Statement statement = connection.createStatement()) {
            assertEquals("on", single(statement, "SHOW fsync"));
            assertEquals("on", single(statement, "SHOW synchronous_commit"));
            assertEquals("localhost", single(statement, "SHOW listen_addresses"));
            assertEquals("0", single(statement, "SELECT count(*) FROM reseller WHERE name IN ('Northwind Resellers', 'Southwind Partners')"),
                    "no demo data without PAT_DEMO_ENABLED=true");
            assertEquals("0", single(statement, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                    + " AND usename <> 'pat_service' AND pid <> pg_backend_pid()"), "the service connects as pat_service only");
            assertTrue(Long.parseLong(single(statement, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'pat_service'")) > 0,
                    "the service is connected");
        }
        try (Connection connection = DriverManager.getConnection(url, "pat_service", servicePassword);
                Statement statement = connection.createStatement()) {
            assertEquals("false", single(statement, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"));
            assertEquals("pat_service", single(statement, "SELECT tableowner FROM pg_tables WHERE tablename = 'personal_access_token'"));
        }
    }

    @Test
    void healthAndMetricsListenOnLoopbackOnlyAndTheApiEverywhere() throws Exception {
        Optional<InetAddress> external = externalAddress();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no address but loopback");
        int management = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
        int api = io.restassured.RestAssured.port;

        assertTrue(reachable(InetAddress.getLoopbackAddress(), management), "the management port on loopback");
        assertFalse(reachable(external.get(), management), "the management port on " + external.get());
        assertTrue(reachable(external.get(), api), "the API on " + external.get());
    }

    @Test
    void withoutAJwtAudienceTheJarDoesNotStart() throws Exception {
        Path output = Files.createTempFile("no-audience", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + LocalPorts.free(),
                "-Dquarkus.management.port=" + LocalPorts.free(),
                // A database that is not there: the start does not wait for one, and the check comes first.
                "-Dquarkus.datasource.reactive.url=postgresql://localhost:" + LocalPorts.free() + "/postgres",
                "-Dquarkus.datasource.username=pat", "-Dquarkus.datasource.password=pat",
                "-Dmp.jwt.verify.publickey.location=" + Path.of("src/test/resources/test-keys/jwks.json").toAbsolutePath(),
                "-Dmp.jwt.verify.issuer=" + Jwts.ISSUER,
                "-Dquarkus.log.file.enabled=false",
                "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the start ends by itself:\n" + Files.readString(output));
            String said = Files.readString(output);
            assertNotEquals(0, process.exitValue(), said);
            assertTrue(said.contains("MP_JWT_VERIFY_AUDIENCES") && said.contains("PAT_JWT_ALLOW_NO_AUDIENCE"),
                    "names the variable to set and its opt-out:\n" + said);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean reachable(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
