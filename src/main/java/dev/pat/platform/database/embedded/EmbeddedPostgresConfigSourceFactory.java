package dev.pat.platform.database.embedded;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource URLs when the deployment did not.
 *
 * <p>With no reactive and no JDBC URL configured, it starts the embedded PostgreSQL (see
 * {@link EmbeddedPostgresServer}) and points both URLs at it. With only one of the two URLs
 * configured, it derives the other, so an external database needs a single URL.
 * It runs before any bean, which is why this is a config source and not a startup observer.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";

    /** Below application.properties (250), env (300) and system properties (400). */
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isPackagingBuild(context)) {
            // Packaging a production artifact: no database is needed, and no URL may be recorded into it.
            return List.of();
        }
        String reactiveUrl = value(context, REACTIVE_URL);
        String jdbcUrl = value(context, JDBC_URL);
        Map<String, String> supplied = new HashMap<>();
        if (reactiveUrl == null && jdbcUrl == null) {
            if (!"false".equalsIgnoreCase(value(context, "pat.embedded-postgres.enabled"))) {
                EmbeddedPostgresServer.Connection server = EmbeddedPostgresServer.ensureStarted(
                        valueOr(context, "pat.embedded-postgres.data-dir", ".pat-data/postgres"),
                        Boolean.parseBoolean(valueOr(context, "pat.embedded-postgres.clean", "false")),
                        // Only the tests trade durability for speed.
                        !context.getProfiles().contains("test"));
                supplied.put(REACTIVE_URL, "postgresql://localhost:" + server.port() + "/postgres");
                supplied.put(JDBC_URL, "jdbc:postgresql://localhost:" + server.port() + "/postgres");
                supplied.put(USERNAME, server.user());
                supplied.put(PASSWORD, server.password());
                supplied.put("pat.embedded-postgres.active", "true");
            }
        } else if (jdbcUrl == null) {
            supplied.put(JDBC_URL, DatasourceUrls.jdbcFromReactive(reactiveUrl));
        } else if (reactiveUrl == null) {
            supplied.put(REACTIVE_URL, DatasourceUrls.reactiveFromJdbc(jdbcUrl));
        }
        return List.of(new MapBackedConfigSource("pat-datasource-defaults", supplied, ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /**
     * A value the deployment set. Values below this source's ordinal are defaults recorded into the
     * artifact, never a deployment's choice, so they do not count.
     */
    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        if (value == null || value.getValue() == null || value.getValue().isBlank() || value.getConfigSourceOrdinal() <= ORDINAL) {
            return null;
        }
        return value.getValue();
    }

    /** The build of a prod artifact runs with Quarkus' deployment classes on the class path; a running service never does. */
    private static boolean isPackagingBuild(ConfigSourceContext context) {
        if (Boolean.getBoolean("quarkus.appcds.generate")) {
            // Recording the class-data archive at package time: the service only starts and stops.
            return true;
        }
        if (context.getProfiles().contains("dev") || context.getProfiles().contains("test")) {
            return false;
        }
        try {
            Class.forName("io.quarkus.deployment.QuarkusAugmentor", false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        String value = value(context, name);
        return value == null ? fallback : value;
    }
}
