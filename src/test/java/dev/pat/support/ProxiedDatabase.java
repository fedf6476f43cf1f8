package dev.pat.support;

import dev.pat.platform.database.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The service's requests and its change feed reach the tests' PostgreSQL through a
 * {@link SilentProxy}, which a test can make fail silently; migrations and the tests' own JDBC
 * (Fixtures) go straight to the database, as an operator's tools would.
 */
public final class ProxiedDatabase implements QuarkusTestResourceLifecycleManager {

    private static volatile SilentProxy proxy;

    /** The proxy of the running test application. */
    public static SilentProxy proxy() {
        return proxy;
    }

    /** A test profile whose service reaches the database through the proxy. */
    public static final class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedDatabase.class));
        }
    }

    @Override
    public Map<String, String> start() {
        EmbeddedPostgresServer.Connection database = EmbeddedPostgresServer.ensureStarted("target/test-postgres", false, false);
        proxy = new SilentProxy(database.port());
        return Map.of(
                // One pooled connection: a request after the fault finds the one that was silenced, not a new one.
                "quarkus.datasource.reactive.event-loop-size", "1",
                "quarkus.datasource.reactive.max-size", "1",
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + proxy.port() + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + database.port() + "/postgres",
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        SilentProxy running = proxy;
        if (running != null) {
            running.close();
        }
    }
}
