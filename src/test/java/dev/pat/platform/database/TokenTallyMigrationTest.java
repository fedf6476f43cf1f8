package dev.pat.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.SchemaMigrations;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The token tally's migration (V7) on a database that already holds tokens: it counts them per
 * account, and from then on its triggers keep the count, in the migration's schema even when the
 * writing session's search path names another one.
 */
@QuarkusTest
class TokenTallyMigrationTest {

    @Inject
    Fixtures fixtures;

    @Inject
    SchemaMigrations migrations;

    @Test
    void existingTokensAreCountedAndLaterWritesFollow() throws SQLException {
        String schema = "tally_" + UUID.randomUUID().toString().replace("-", "");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try {
            migrations.flyway(schema, "6").migrate();
            UUID firstUser = user(schema, first);
            UUID secondUser = user(schema, second);
            tokens(schema, first, firstUser, 5);
            tokens(schema, second, secondUser, 2);

            migrations.flyway(schema, "latest").migrate();
            assertEquals(5, tally(schema, first));
            assertEquals(2, tally(schema, second));

            // Written from a session whose search path is the default one, with qualified names.
            tokens(schema, first, firstUser, 3);
            migrations.execute("delete from " + schema + ".personal_access_token where ctid in (select ctid from " + schema
                    + ".personal_access_token where account_id = '" + second + "' limit 1)");
            assertEquals(8, tally(schema, first));
            assertEquals(1, tally(schema, second));
            assertEquals(0, fixtures.count("select coalesce(sum(tokens), 0)::bigint from public.token_tally where account_id in (?, ?)",
                    first, second), "nothing counted in the default schema");
        } finally {
            migrations.execute("drop schema if exists " + schema + " cascade");
        }
    }

    private UUID user(String schema, UUID account) throws SQLException {
        UUID id = UUID.randomUUID();
        migrations.execute("insert into " + schema + ".app_user (id, account_id, created_at, updated_at, email, role) values ('" + id + "', '"
                + account + "', now(), now(), '" + id + "@tally.test', 'user')");
        return id;
    }

    private void tokens(String schema, UUID account, UUID user, int count) throws SQLException {
        migrations.execute("insert into " + schema + ".personal_access_token (id, account_id, user_id, created_at, updated_at, name, secret_digest)"
                + " select gen_random_uuid(), '" + account + "', '" + user + "', now(), now(), 'migrated ' || g,"
                + " decode(md5(gen_random_uuid()::text), 'hex') from generate_series(1, " + count + ") g");
    }

    private long tally(String schema, UUID account) {
        return fixtures.count("select coalesce(sum(tokens), 0)::bigint from " + schema + ".token_tally where account_id = ?", account);
    }
}
