package dev.pat.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pat.support.Fixtures;
import dev.pat.support.SchemaMigrations;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * The database itself refuses a row that points into another account, whatever a query forgets:
 * each reference is a composite foreign key (id, account_id). The migration that adds them runs on
 * a database that already holds data, and refuses one that already holds a cross-account link.
 */
@QuarkusTest
class TenantForeignKeysTest {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @Inject
    Fixtures fixtures;

    @Inject
    SchemaMigrations migrations;

    private final UUID account = UUID.randomUUID();
    private final UUID otherAccount = UUID.randomUUID();

    @Test
    void aTokenCannotBelongToAUserOfAnotherAccount() {
        UUID otherUser = fixtures.user(otherAccount, null, null, "user");
        assertRefused(() -> fixtures.token(account, otherUser, "smuggled", null, null, false));
        assertEquals(0, fixtures.count("select count(*) from personal_access_token where user_id = ?", otherUser));
    }

    @Test
    void aUserCannotJoinAnOrganizationOrResellerOfAnotherAccount() {
        UUID otherReseller = fixtures.reseller(otherAccount, "Elsewhere");
        UUID otherOrganization = fixtures.organization(otherAccount, null, "Elsewhere Org");
        assertRefused(() -> fixtures.user(account, otherOrganization, null, "user"));
        assertRefused(() -> fixtures.user(account, null, otherReseller, "user"));

        UUID user = fixtures.user(account, null, null, "user");
        assertRefused(() -> fixtures.update("update app_user set organization_id = ? where id = ?", otherOrganization, user));
        assertRefused(() -> fixtures.update("update app_user set reseller_id = ? where id = ?", otherReseller, user));
    }

    @Test
    void anOrganizationCannotHangUnderAResellerOfAnotherAccount() {
        UUID otherReseller = fixtures.reseller(otherAccount, "Elsewhere");
        assertRefused(() -> fixtures.organization(account, otherReseller, "Smuggled Org"));
    }

    @Test
    void metadataCannotBelongToAUserOfAnotherAccount() {
        UUID otherUser = fixtures.user(otherAccount, null, null, "user");
        assertRefused(() -> fixtures.metadata(account, otherUser, 9, "plan", "gold", new String[] {"user"}, true));
    }

    @Test
    void aRowCannotMoveToAnotherAccountUnderItsReferences() {
        UUID reseller = fixtures.reseller(account, "Home");
        UUID organization = fixtures.organization(account, reseller, "Home Org");
        UUID user = fixtures.user(account, organization, reseller, "user");
        fixtures.token(account, user, "home", null, null, false);
        assertRefused(() -> fixtures.update("update app_user set account_id = ? where id = ?", otherAccount, user));
        assertRefused(() -> fixtures.update("update reseller set account_id = ? where id = ?", otherAccount, reseller));
    }

    @Test
    void theMigrationRunsOnADatabaseThatHoldsData() throws SQLException {
        String schema = "migration_" + UUID.randomUUID().toString().replace("-", "");
        try {
            migrations.flyway(schema, "1").migrate();
            migrations.execute("insert into " + schema + ".reseller (id, account_id, created_at, updated_at, name) values"
                    + " ('11111111-1111-1111-1111-111111111111', '" + account + "', now(), now(), 'R')");
            migrations.execute("insert into " + schema + ".app_user (id, account_id, created_at, updated_at, email, role, reseller_id) values"
                    + " ('22222222-2222-2222-2222-222222222222', '" + account + "', now(), now(), 'a@b.test', 'user',"
                    + " '11111111-1111-1111-1111-111111111111')");

            migrations.flyway(schema, "latest").migrate();

            assertEquals(1, fixtures.count("select count(*) from " + schema + ".app_user"));
            assertRefused(() -> migrations.execute("insert into " + schema + ".app_user (id, account_id, created_at, updated_at, email, role,"
                    + " reseller_id) values (gen_random_uuid(), '" + otherAccount + "', now(), now(), 'c@d.test', 'user',"
                    + " '11111111-1111-1111-1111-111111111111')"));
        } finally {
            migrations.execute("drop schema if exists " + schema + " cascade");
        }
    }

    @Test
    void theMigrationRefusesADatabaseThatAlreadyLinksTwoAccounts() throws SQLException {
        String schema = "migration_" + UUID.randomUUID().toString().replace("-", "");
        try {
            migrations.flyway(schema, "1").migrate();
            migrations.execute("insert into " + schema + ".reseller (id, account_id, created_at, updated_at, name) values"
                    + " ('11111111-1111-1111-1111-111111111111', '" + otherAccount + "', now(), now(), 'R')");
            migrations.execute("insert into " + schema + ".app_user (id, account_id, created_at, updated_at, email, role, reseller_id) values"
                    + " ('22222222-2222-2222-2222-222222222222', '" + account + "', now(), now(), 'a@b.test', 'user',"
                    + " '11111111-1111-1111-1111-111111111111')");

            assertThrows(FlywayException.class, () -> migrations.flyway(schema, "latest").migrate());
        } finally {
            migrations.execute("drop schema if exists " + schema + " cascade");
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertRefused(Action action) {
        Exception refused = assertThrows(Exception.class, action::run);
        Throwable cause = refused;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        assertEquals(FOREIGN_KEY_VIOLATION, cause == null ? null : ((SQLException) cause).getSQLState(), String.valueOf(refused));
    }
}
