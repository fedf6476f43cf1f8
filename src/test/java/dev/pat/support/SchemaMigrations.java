package dev.pat.support;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * For migration tests: the service's migrations run up to a version on a scratch schema of the
 * test database, and SQL run there. Both on connections of their own, so that nothing they leave
 * open can starve the tests' pool, and a write is never retried on a pooled connection an outage
 * test killed (it could run twice).
 */
@ApplicationScoped
public class SchemaMigrations {

    private final String url;
    private final String username;
    private final String password;

    public SchemaMigrations(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** Flyway for {@code schema} (created when missing), up to {@code target} ("latest" for all). */
    public Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(url, username, password).schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("classpath:db/migration").target(target).load();
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
