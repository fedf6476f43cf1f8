package dev.pat.token.repository;

import dev.pat.crud.AccountEntity;
import dev.pat.crud.VersionedEntity;
import dev.pat.directory.model.AppUser;
import dev.pat.directory.model.Organization;
import dev.pat.directory.model.Reseller;
import dev.pat.directory.model.UserMetadata;
import dev.pat.token.model.PersonalAccessToken;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the whole graphs of a page of tokens (user, organization, both resellers, metadata) on the
 * reactive client, in two statements, and builds the model objects from the rows by hand.
 *
 * <p>Why not Hibernate here: turning a page's 75 joined rows into 25 entity graphs through the
 * ORM cost about 0.35 ms of CPU per token; a page cost the service 9.6 ms of CPU with it and 2.0
 * ms without (bench/RESULTS.md, run F). The objects are detached, never managed: they
 * are read, mapped to API bodies and dropped. The single token of {@code GET /{id}} still comes
 * through Hibernate ({@link PersonalAccessTokenRepository#findWithUserGraph}); {@code
 * TokenGraphsTest} holds the two readers to the same bodies.
 */
final class TokenGraphs {

    private static final String RESELLER_COLUMNS = "%1$s.id as %1$s_id, %1$s.account_id as %1$s_account, %1$s.version as %1$s_version,"
            + " %1$s.created_at as %1$s_created, %1$s.updated_at as %1$s_updated, %1$s.name as %1$s_name, %1$s.email as %1$s_email,"
            + " %1$s.description as %1$s_description, %1$s.allowed_users as %1$s_allowed_users,"
            + " %1$s.allowed_organizations as %1$s_allowed_organizations";

    /** The to-one graphs, in the order of the ids given ({@code $1}), only the account's ({@code $2}). */
    static final String SQL = "select"
            + " t.id as t_id, t.account_id as t_account, t.version as t_version, t.created_at as t_created, t.updated_at as t_updated,"
            + " t.name as t_name, t.expires_at as t_expires, t.revoked as t_revoked, t.scopes as t_scopes,"
            + " t.last_used_at as t_last_used, t.last_used_ips as t_last_used_ips, t.last_rotated_at as t_last_rotated,"
            + " t.previous_secret_expires_at as t_previous_expires,"
            + " u.id as u_id, u.account_id as u_account, u.version as u_version, u.created_at as u_created, u.updated_at as u_updated,"
            + " u.first_name as u_first_name, u.last_name as u_last_name, u.email as u_email, u.role as u_role, u.roles as u_roles,"
            + " u.two_factor_enabled as u_two_factor, u.google_sso_enabled as u_google_sso, u.last_login_at as u_last_login,"
            + " u.company as u_company, u.allow_customer_portal_access as u_portal, u.last_seen_at as u_last_seen, u.tags as u_tags,"
            + " u.email_metrics as u_email_metrics,"
            + " o.id as o_id, o.account_id as o_account, o.version as o_version, o.created_at as o_created, o.updated_at as o_updated,"
            + " o.name as o_name, o.email as o_email, o.description as o_description, o.allowed_users as o_allowed_users,"
            + " o.address_line1 as o_line1, o.address_line2 as o_line2, o.city as o_city, o.state as o_state, o.country as o_country,"
            + " o.postal_code as o_postal_code, "
            + RESELLER_COLUMNS.formatted("ro") + ", " + RESELLER_COLUMNS.formatted("ru")
            + " from unnest($1::uuid[]) with ordinality as page(id, n)"
            + " join personal_access_token t on t.id = page.id and t.account_id = $2"
            + " join app_user u on u.id = t.user_id"
            + " left join organization o on o.id = u.organization_id"
            + " left join reseller ro on ro.id = o.reseller_id"
            + " left join reseller ru on ru.id = u.reseller_id"
            + " order by page.n";

    /** The metadata of the owners of the same tokens, by owner and position (same parameters). */
    static final String METADATA_SQL = "select m.user_id as m_user, m.id as m_id, m.account_id as m_account,"
            + " m.created_at as m_created, m.updated_at as m_updated, m.position as m_position, m.meta_key as m_key,"
            + " m.meta_value as m_value, m.view_permissions as m_view_permissions, m.visible as m_visible"
            + " from user_metadata m"
            + " where m.account_id = $2 and m.user_id in (select t.user_id from personal_access_token t"
            + " where t.id in (select unnest($1::uuid[])) and t.account_id = $2)"
            + " order by m.user_id, m.position";

    private TokenGraphs() {
    }

    /**
     * Two statements, one after the other (one connection at a time). The metadata as rows of the
     * graph statement repeated each token's 70 columns once per entry: pgbench ran that one
     * statement at 930 pages a second, these two at 1,300 (bench/RESULTS.md).
     */
    static Uni<List<PersonalAccessToken>> read(Pool pool, UUID accountId, List<UUID> ids) {
        Tuple parameters = Tuple.of(ids.toArray(UUID[]::new), accountId);
        Map<UUID, AppUser> owners = new HashMap<>();
        return pool.preparedQuery(SQL).execute(parameters).map(rows -> tokens(rows, owners))
                .flatMap(tokens -> pool.preparedQuery(METADATA_SQL).execute(parameters)
                        .map(rows -> withMetadata(tokens, owners, rows)));
    }

    /** One token per row; tokens of one owner share one user object, kept in {@code users} by id. */
    private static List<PersonalAccessToken> tokens(RowSet<Row> rows, Map<UUID, AppUser> users) {
        List<PersonalAccessToken> tokens = new ArrayList<>(rows.size());
        Map<String, Integer> index = Cells.index(rows);
        for (Row each : rows) {
            Cells row = new Cells(each, index);
            tokens.add(token(row, users.computeIfAbsent(row.uuid("u_id"), id -> user(row))));
        }
        return tokens;
    }

    private static List<PersonalAccessToken> withMetadata(List<PersonalAccessToken> tokens, Map<UUID, AppUser> users,
            RowSet<Row> rows) {
        Map<String, Integer> index = Cells.index(rows);
        for (Row each : rows) {
            Cells row = new Cells(each, index);
            AppUser user = users.get(row.uuid("m_user"));
            if (user != null) {
                user.metadata.add(metadata(row, user));
            }
        }
        return tokens;
    }

    private static PersonalAccessToken token(Cells row, AppUser user) {
        PersonalAccessToken token = versioned(new PersonalAccessToken(), row, "t");
        token.name = row.string("t_name");
        token.expiresAt = instant(row, "t_expires");
        token.revoked = row.bool("t_revoked");
        token.scopes = strings(row, "t_scopes");
        token.lastUsedAt = instant(row, "t_last_used");
        token.lastUsedIps = strings(row, "t_last_used_ips");
        token.lastRotatedAt = instant(row, "t_last_rotated");
        token.previousSecretExpiresAt = instant(row, "t_previous_expires");
        token.user = user;
        return token;
    }

    private static AppUser user(Cells row) {
        AppUser user = versioned(new AppUser(), row, "u");
        user.firstName = row.string("u_first_name");
        user.lastName = row.string("u_last_name");
        user.email = row.string("u_email");
        user.role = row.string("u_role");
        user.roles = strings(row, "u_roles");
        user.twoFactorEnabled = row.bool("u_two_factor");
        user.googleSsoEnabled = row.bool("u_google_sso");
        user.lastLoginAt = instant(row, "u_last_login");
        user.company = row.string("u_company");
        user.allowCustomerPortalAccess = row.bool("u_portal");
        user.lastSeenAt = instant(row, "u_last_seen");
        user.tags = strings(row, "u_tags");
        user.emailMetrics = row.bool("u_email_metrics");
        user.organization = organization(row);
        user.reseller = reseller(row, "ru");
        return user;
    }

    private static Organization organization(Cells row) {
        if (row.uuid("o_id") == null) {
            return null;
        }
        Organization organization = versioned(new Organization(), row, "o");
        organization.name = row.string("o_name");
        organization.email = row.string("o_email");
        organization.description = row.string("o_description");
        organization.allowedUsers = row.integer("o_allowed_users");
        organization.address.addressLine1 = row.string("o_line1");
        organization.address.addressLine2 = row.string("o_line2");
        organization.address.city = row.string("o_city");
        organization.address.state = row.string("o_state");
        organization.address.country = row.string("o_country");
        organization.address.postalCode = row.string("o_postal_code");
        organization.reseller = reseller(row, "ro");
        return organization;
    }

    private static Reseller reseller(Cells row, String alias) {
        if (row.uuid(alias + "_id") == null) {
            return null;
        }
        Reseller reseller = versioned(new Reseller(), row, alias);
        reseller.name = row.string(alias + "_name");
        reseller.email = row.string(alias + "_email");
        reseller.description = row.string(alias + "_description");
        reseller.allowedUsers = row.integer(alias + "_allowed_users");
        reseller.allowedOrganizations = row.integer(alias + "_allowed_organizations");
        return reseller;
    }

    private static UserMetadata metadata(Cells row, AppUser user) {
        UserMetadata metadata = common(new UserMetadata(), row, "m");
        metadata.user = user;
        metadata.position = row.integer("m_position");
        metadata.key = row.string("m_key");
        metadata.value = row.string("m_value");
        metadata.viewPermissions = strings(row, "m_view_permissions");
        metadata.visible = row.bool("m_visible");
        return metadata;
    }

    /** The columns every row shares ({@link AccountEntity}), under the alias' prefix. */
    private static <E extends AccountEntity> E common(E entity, Cells row, String alias) {
        entity.id = row.uuid(alias + "_id");
        entity.accountId = row.uuid(alias + "_account");
        entity.createdAt = instant(row, alias + "_created");
        entity.updatedAt = instant(row, alias + "_updated");
        return entity;
    }

    private static <E extends VersionedEntity> E versioned(E entity, Cells row, String alias) {
        common(entity, row, alias).version = row.number(alias + "_version");
        return entity;
    }

    private static Instant instant(Cells row, String column) {
        OffsetDateTime value = row.time(column);
        return value == null ? null : value.toInstant();
    }

    private static String[] strings(Cells row, String column) {
        String[] values = row.stringArray(column);
        return values == null ? new String[0] : values;
    }

    /**
     * A row's columns by name through an index built once per result: Vert.x finds a column by name
     * with a linear scan of the names, which over 70 columns was a tenth of a list page's CPU.
     */
    private record Cells(Row row, Map<String, Integer> index) {

        static Map<String, Integer> index(RowSet<Row> rows) {
            List<String> names = rows.columnsNames();
            Map<String, Integer> index = new HashMap<>(names.size() * 2);
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i), i);
            }
            return index;
        }

        private int at(String column) {
            Integer position = index.get(column);
            if (position == null) {
                throw new IllegalStateException("No column " + column + " in the statement");
            }
            return position;
        }

        // One typed getter each: the reactive client's generic get(Class, int) made a page's mapping
        // 20 % slower in an A/B pair (3.5-3.8 against 4.8-4.9 ms of CPU per page).
        UUID uuid(String column) {
            return row.getUUID(at(column));
        }

        String string(String column) {
            return row.getString(at(column));
        }

        Boolean bool(String column) {
            return row.getBoolean(at(column));
        }

        Integer integer(String column) {
            return row.getInteger(at(column));
        }

        Long number(String column) {
            return row.getLong(at(column));
        }

        OffsetDateTime time(String column) {
            return row.getOffsetDateTime(at(column));
        }

        String[] stringArray(String column) {
            return row.getArrayOfStrings(at(column));
        }
    }
}
