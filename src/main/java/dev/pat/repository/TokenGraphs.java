package dev.pat.repository;

import dev.pat.model.AccountEntity;
import dev.pat.model.AppUser;
import dev.pat.model.Organization;
import dev.pat.model.PersonalAccessToken;
import dev.pat.model.Reseller;
import dev.pat.model.UserMetadata;
import dev.pat.model.VersionedEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the whole graphs of a page of tokens (user, organization, both resellers, metadata) in one
 * statement on the reactive client, and builds the model objects from the rows by hand.
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

    /** In the order of the ids given ({@code $1}), only the account's ({@code $2}); metadata by position. */
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
            + RESELLER_COLUMNS.formatted("ro") + ", " + RESELLER_COLUMNS.formatted("ru") + ","
            + " m.id as m_id, m.account_id as m_account, m.created_at as m_created, m.updated_at as m_updated, m.position as m_position,"
            + " m.meta_key as m_key, m.meta_value as m_value, m.view_permissions as m_view_permissions, m.visible as m_visible"
            + " from unnest($1::uuid[]) with ordinality as page(id, n)"
            + " join personal_access_token t on t.id = page.id and t.account_id = $2"
            + " join app_user u on u.id = t.user_id"
            + " left join organization o on o.id = u.organization_id"
            + " left join reseller ro on ro.id = o.reseller_id"
            + " left join reseller ru on ru.id = u.reseller_id"
            + " left join user_metadata m on m.user_id = u.id"
            + " order by page.n, m.position";

    private TokenGraphs() {
    }

    static Uni<List<PersonalAccessToken>> read(Pool pool, UUID accountId, List<UUID> ids) {
        return pool.preparedQuery(SQL).execute(Tuple.of(ids.toArray(UUID[]::new), accountId)).map(TokenGraphs::tokens);
    }

    /** One token per run of rows with the same token id; each row past the first adds a metadata entry. */
    private static List<PersonalAccessToken> tokens(RowSet<Row> rows) {
        List<PersonalAccessToken> tokens = new ArrayList<>();
        PersonalAccessToken current = null;
        for (Row row : rows) {
            UUID id = row.getUUID("t_id");
            if (current == null || !current.id.equals(id)) {
                current = token(row);
                tokens.add(current);
            }
            if (row.getUUID("m_id") != null) {
                current.user.metadata.add(metadata(row, current.user));
            }
        }
        return tokens;
    }

    private static PersonalAccessToken token(Row row) {
        PersonalAccessToken token = versioned(new PersonalAccessToken(), row, "t");
        token.name = row.getString("t_name");
        token.expiresAt = instant(row, "t_expires");
        token.revoked = row.getBoolean("t_revoked");
        token.scopes = strings(row, "t_scopes");
        token.lastUsedAt = instant(row, "t_last_used");
        token.lastUsedIps = strings(row, "t_last_used_ips");
        token.lastRotatedAt = instant(row, "t_last_rotated");
        token.previousSecretExpiresAt = instant(row, "t_previous_expires");
        token.user = user(row);
        return token;
    }

    private static AppUser user(Row row) {
        AppUser user = versioned(new AppUser(), row, "u");
        user.firstName = row.getString("u_first_name");
        user.lastName = row.getString("u_last_name");
        user.email = row.getString("u_email");
        user.role = row.getString("u_role");
        user.roles = strings(row, "u_roles");
        user.twoFactorEnabled = row.getBoolean("u_two_factor");
        user.googleSsoEnabled = row.getBoolean("u_google_sso");
        user.lastLoginAt = instant(row, "u_last_login");
        user.company = row.getString("u_company");
        user.allowCustomerPortalAccess = row.getBoolean("u_portal");
        user.lastSeenAt = instant(row, "u_last_seen");
        user.tags = strings(row, "u_tags");
        user.emailMetrics = row.getBoolean("u_email_metrics");
        user.organization = organization(row);
        user.reseller = reseller(row, "ru");
        return user;
    }

    private static Organization organization(Row row) {
        if (row.getUUID("o_id") == null) {
            return null;
        }
        Organization organization = versioned(new Organization(), row, "o");
        organization.name = row.getString("o_name");
        organization.email = row.getString("o_email");
        organization.description = row.getString("o_description");
        organization.allowedUsers = row.getInteger("o_allowed_users");
        organization.address.addressLine1 = row.getString("o_line1");
        organization.address.addressLine2 = row.getString("o_line2");
        organization.address.city = row.getString("o_city");
        organization.address.state = row.getString("o_state");
        organization.address.country = row.getString("o_country");
        organization.address.postalCode = row.getString("o_postal_code");
        organization.reseller = reseller(row, "ro");
        return organization;
    }

    private static Reseller reseller(Row row, String alias) {
        if (row.getUUID(alias + "_id") == null) {
            return null;
        }
        Reseller reseller = versioned(new Reseller(), row, alias);
        reseller.name = row.getString(alias + "_name");
        reseller.email = row.getString(alias + "_email");
        reseller.description = row.getString(alias + "_description");
        reseller.allowedUsers = row.getInteger(alias + "_allowed_users");
        reseller.allowedOrganizations = row.getInteger(alias + "_allowed_organizations");
        return reseller;
    }

    private static UserMetadata metadata(Row row, AppUser user) {
        UserMetadata metadata = common(new UserMetadata(), row, "m");
        metadata.user = user;
        metadata.position = row.getInteger("m_position");
        metadata.key = row.getString("m_key");
        metadata.value = row.getString("m_value");
        metadata.viewPermissions = strings(row, "m_view_permissions");
        metadata.visible = row.getBoolean("m_visible");
        return metadata;
    }

    /** The columns every row shares ({@link AccountEntity}), under the alias' prefix. */
    private static <E extends AccountEntity> E common(E entity, Row row, String alias) {
        entity.id = row.getUUID(alias + "_id");
        entity.accountId = row.getUUID(alias + "_account");
        entity.createdAt = instant(row, alias + "_created");
        entity.updatedAt = instant(row, alias + "_updated");
        return entity;
    }

    private static <E extends VersionedEntity> E versioned(E entity, Row row, String alias) {
        common(entity, row, alias).version = row.getLong(alias + "_version");
        return entity;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static String[] strings(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? new String[0] : values;
    }
}
