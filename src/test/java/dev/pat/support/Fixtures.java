package dev.pat.support;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes and reads rows straight through JDBC, for tests to arrange data and to check what the
 * database holds. Every id is fresh, so tests never see each other's rows.
 */
@ApplicationScoped
public class Fixtures {

    private final AgroalDataSource dataSource;

    public Fixtures(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static final Instant T0 = Instant.parse("2019-08-24T14:15:22Z");

    public UUID reseller(UUID accountId, String name) {
        UUID id = UUID.randomUUID();
        update("insert into reseller (id, account_id, created_at, updated_at, name, email, description, allowed_users, allowed_organizations)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, accountId, ts(T0), ts(T0.plusSeconds(60)), name, name.toLowerCase().replace(' ', '.') + "@resellers.test",
                "Reseller " + name, 50, 5);
        return id;
    }

    public UUID organization(UUID accountId, UUID resellerId, String name) {
        UUID id = UUID.randomUUID();
        update("insert into organization (id, account_id, created_at, updated_at, name, email, description, allowed_users,"
                + " address_line1, address_line2, city, state, country, postal_code, reseller_id)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, accountId, ts(T0.plusSeconds(120)), ts(T0.plusSeconds(180)), name, "contact@" + name.toLowerCase().replace(' ', '-') + ".test",
                "Organization " + name, 25, "1 Main Street", "Suite 2", "Springfield", "IL", "US", "62701", resellerId);
        return id;
    }

    /** A user with two metadata entries, tags and a role; organization and reseller may be null. */
    public UUID user(UUID accountId, UUID organizationId, UUID resellerId, String role) {
        UUID id = UUID.randomUUID();
        update("insert into app_user (id, account_id, created_at, updated_at, first_name, last_name, email, role, roles,"
                + " two_factor_enabled, google_sso_enabled, last_login_at, company, allow_customer_portal_access, last_seen_at,"
                + " tags, email_metrics, organization_id, reseller_id)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, accountId, ts(T0.plusSeconds(240)), ts(T0.plusSeconds(300)), "Ada", "Lovelace",
                "ada+" + id + "@users.test", role, new String[] {role}, true, false, ts(T0.plusSeconds(360)), "Analytical Engines",
                true, ts(T0.plusSeconds(420)), new String[] {"vip", "beta"}, true, organizationId, resellerId);
        metadata(accountId, id, 0, "plan", "gold", new String[] {"activation", "user"}, true);
        metadata(accountId, id, 1, "region", "eu", new String[] {"organization"}, false);
        return id;
    }

    /** A fresh account with one user in the role "user" and that user's JWT. */
    public Owner owner() {
        return owner(UUID.randomUUID());
    }

    /** A new user in the role "user" of the account, and that user's JWT. */
    public Owner owner(UUID accountId) {
        UUID userId = user(accountId, null, null, "user");
        return new Owner(accountId, userId, "user", Jwts.user(accountId, userId));
    }

    /** A fresh account with one user in the role "admin" and that user's JWT. */
    public Owner administrator() {
        return administrator(UUID.randomUUID());
    }

    /** A new user in the role "admin" of the account, and that user's JWT. */
    public Owner administrator(UUID accountId) {
        UUID userId = user(accountId, null, null, "admin");
        return new Owner(accountId, userId, "admin", Jwts.admin(accountId, userId));
    }

    public void metadata(UUID accountId, UUID userId, int position, String key, String value, String[] permissions, boolean visible) {
        update("insert into user_metadata (id, account_id, user_id, position, created_at, updated_at, meta_key, meta_value, view_permissions, visible)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(), accountId, userId, position, ts(T0.plusSeconds(480)), ts(T0.plusSeconds(540)), key, value, permissions, visible);
    }

    /** A token row whose secret digest is the SHA-256 of the given secret. */
    public UUID token(UUID accountId, UUID userId, String name, String secret, Instant expiresAt, boolean revoked, String... scopes) {
        UUID id = UUID.randomUUID();
        update("insert into personal_access_token (id, account_id, user_id, created_at, updated_at, name, expires_at, revoked, scopes,"
                + " secret_digest, last_used_at, last_rotated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, accountId, userId, ts(T0.plusSeconds(600)), ts(T0.plusSeconds(660)), name, ts(expiresAt), revoked, scopes,
                sha256(secret == null ? id.toString() : secret), ts(T0.plusSeconds(720)), ts(T0.plusSeconds(780)));
        return id;
    }

    /**
     * Changes a token row the way another instance of the service would: the UPDATE and its notice
     * on the token-change channel in one statement, so every instance's secret memory drops it.
     */
    public void changeToken(UUID tokenId, String set) {
        notifyingUpdate("personal_access_token", "token", set, tokenId);
    }

    /** Changes a user row the way another instance would, with its notice (see {@link #changeToken}). */
    public void changeUser(UUID userId, String set) {
        notifyingUpdate("app_user", "user", set, userId);
    }

    private void notifyingUpdate(String table, String kind, String set, UUID id) {
        long changed = count("with changed as (update " + table + " set " + set + " where id = ? returning id)"
                + " select count(*) from changed cross join lateral pg_notify('pat_token_changes', '" + kind + ":' || changed.id)", id);
        if (changed != 1) {
            throw new IllegalStateException("No " + table + " row " + id);
        }
    }

    public long count(String sql, Object... params) {
        return ((Number) single(sql, params)).longValue();
    }

    public Object single(String sql, Object... params) {
        List<Object> rows = column(sql, params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<Object> column(String sql, Object... params) {
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, params); ResultSet result = statement.executeQuery()) {
                List<Object> values = new ArrayList<>();
                while (result.next()) {
                    values.add(result.getObject(1));
                }
                return values;
            }
        });
    }

    public int update(String sql, Object... params) {
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, params)) {
                return statement.executeUpdate();
            }
        });
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs the work on a pooled connection. Tests that stop the database or terminate its
     * connections leave dead ones in the pool; whatever test runs next finds them. A connection is
     * checked before the work runs, and a dead one empties the pool and is replaced, as many times as
     * the pool may have held dead ones. The work itself never runs twice: an insert whose
     * connection died after it was sent may have committed.
     */
    private <T> T withConnection(Work<T> work) {
        SQLException last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                last = e;
                dataSource.flush(AgroalDataSource.FlushMode.ALL);
                continue;
            }
            try (connection) {
                if (!connection.isValid(5)) {
                    dataSource.flush(AgroalDataSource.FlushMode.ALL);
                    continue;
                }
                return work.run(connection);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("No live connection to the test database", last);
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object param = params[i];
            if (param instanceof String[] strings) {
                Array array = connection.createArrayOf("varchar", strings);
                statement.setArray(i + 1, array);
            } else {
                statement.setObject(i + 1, param);
            }
        }
        return statement;
    }
}
