package dev.pat.token.repository;

import dev.pat.directory.model.AppUser;
import dev.pat.listing.ListQueries;
import dev.pat.listing.ListQuery;
import dev.pat.listing.Page;
import dev.pat.platform.Ids;
import dev.pat.token.model.PersonalAccessToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Queries on personal access tokens, each with the fetch plan its answer needs. */
@ApplicationScoped
public class PersonalAccessTokenRepository implements PanacheRepositoryBase<PersonalAccessToken, UUID> {

    /**
     * The whole graph the API shows, in one statement: the to-one chain (user, organization,
     * both resellers) by join fetch, metadata by a collection fetch, string lists as arrays.
     */
    static final String WITH_USER_GRAPH = "select t from PersonalAccessToken t"
            + " join fetch t.user u"
            + " left join fetch u.organization o"
            + " left join fetch o.reseller"
            + " left join fetch u.reseller"
            + " left join fetch u.metadata";

    private final Pool pool;

    public PersonalAccessTokenRepository(Pool pool) {
        this.pool = pool;
    }

    /** The token with its whole user graph, or null when the account has no such token. */
    public Uni<PersonalAccessToken> findWithUserGraph(UUID accountId, UUID id) {
        return find(WITH_USER_GRAPH + " where t.id = ?1 and t.accountId = ?2", id, accountId)
                .list()
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    /** The token of the account, without its user graph, or null. */
    public Uni<PersonalAccessToken> findInAccount(UUID accountId, UUID id) {
        return find("from PersonalAccessToken t join fetch t.user where t.id = ?1 and t.accountId = ?2", id, accountId)
                .firstResult();
    }

    /** The token a secret digest belongs to, with its user (for the user's role), or null. */
    public Uni<PersonalAccessToken> findBySecretDigest(byte[] digest) {
        // The current secret, or the previous one during a rotation's grace period (each a unique index).
        return find("from PersonalAccessToken t join fetch t.user where t.secretDigest = ?1 or t.previousSecretDigest = ?1",
                (Object) digest).firstResult();
    }

    /** The token a secret it had before (rotated away) belongs to, with its user, and when it was replaced; null when none. */
    public Uni<Former> findByFormerSecretDigest(byte[] digest) {
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select t, f.replacedAt from PersonalAccessToken t join fetch t.user, FormerSecret f"
                                + " where f.secretDigest = ?1 and t.id = f.tokenId", Object[].class)
                .setParameter(1, digest)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : new Former((PersonalAccessToken) rows.get(0)[0], (Instant) rows.get(0)[1]));
    }

    /** A token found by a secret it no longer has, and when that secret was replaced. */
    public record Former(PersonalAccessToken token, Instant replacedAt) {
    }

    /**
     * The tokens, of any account, that any of these secrets ever belonged to (the current one, the
     * one in a rotation's grace period, or an earlier one) and that still authenticate, with their
     * user graphs.
     */
    public Uni<List<PersonalAccessToken>> findActiveByAnySecretDigest(List<byte[]> digests, Instant now) {
        return find(WITH_USER_GRAPH + " where (t.secretDigest in ?1 or t.previousSecretDigest in ?1"
                + " or t.id in (select f.tokenId from FormerSecret f where f.secretDigest in ?1))"
                + " and t.revoked = false and (t.expiresAt is null or t.expiresAt > ?2)", digests, now).list();
    }

    /**
     * Within the rotation's transaction: the secret the token had until now joins its family's
     * history, of which the ten most recent are kept.
     */
    public Uni<Void> rememberFormerSecret(PersonalAccessToken token, byte[] digest, Instant replacedAt) {
        return getSession().flatMap(session -> session.createNativeQuery(REMEMBER)
                .setParameter("id", Ids.next())
                .setParameter("account", token.accountId)
                .setParameter("token", token.id)
                .setParameter("digest", digest)
                .setParameter("at", replacedAt)
                .setParameter("older", FORMER_SECRETS_KEPT - 1)
                .executeUpdate()).replaceWithVoid();
    }

    /** How many earlier secrets of a token stay recognisable. */
    public static final int FORMER_SECRETS_KEPT = 10;

    /** One statement sees the history as it was before its insert: the newest earlier ones stay beside the new one. */
    private static final String REMEMBER = """
            with added as (
                insert into token_secret_history (id, account_id, token_id, secret_digest, replaced_at)
                values (:id, :account, :token, :digest, :at)
                returning token_id)
            delete from token_secret_history h using added
            where h.token_id = added.token_id and h.id not in (
                select k.id from token_secret_history k where k.token_id = added.token_id
                order by k.replaced_at desc limit :older)
            """;

    /**
     * The ids of one page of the account's tokens (one owner's when {@code ownerId} is set), with
     * the list's total; {@link #graphs} reads their graphs once this session has ended.
     */
    public Uni<Page<UUID>> listIds(UUID accountId, UUID ownerId, ListQuery query) {
        return listIds(accountId, ownerId, query, ListQueries.Scope.account(accountId));
    }

    /**
     * The same, of the account's active tokens that comply with its policy, or that do not when
     * {@code compliant} is false.
     */
    public Uni<Page<UUID>> listIds(UUID accountId, UUID ownerId, ListQuery query, TokenCompliance compliance, boolean compliant) {
        return listIds(accountId, ownerId, query, ListQueries.Scope.account(accountId)
                .and(compliant ? compliance.compliant("p") : compliance.nonCompliant("p"), compliance.parameters()));
    }

    private Uni<Page<UUID>> listIds(UUID accountId, UUID ownerId, ListQuery query, ListQueries.Scope scope) {
        if (ownerId != null) {
            // One user's tokens: the bounded count over the owner's index is small.
            return ListQueries.ids(this, "PersonalAccessToken", scope.and("p.user.id = :owner", "owner", ownerId), query, null);
        }
        return ListQueries.ids(this, "PersonalAccessToken", scope, query, () -> countInAccount(accountId));
    }

    /**
     * The account's tokens of these ids with their whole user graphs, in the order given, as
     * detached objects, in two statements outside any session (see {@link TokenGraphs}). Called
     * after the session of {@link #listIds} ended, so that a request never holds two connections.
     */
    public Uni<List<PersonalAccessToken>> graphs(UUID accountId, List<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : TokenGraphs.read(pool, accountId, ids);
    }

    /** How many of the account's active tokens break its policy. */
    public Uni<Long> countNonCompliant(UUID accountId, TokenCompliance compliance) {
        return getSession().flatMap(session -> {
            var count = session.createSelectionQuery("select count(*) from PersonalAccessToken p where p.accountId = :account and "
                    + compliance.nonCompliant("p"), Long.class);
            count.setParameter("account", accountId);
            compliance.parameters().forEach(count::setParameter);
            return count.getSingleResult();
        });
    }

    /** An active token of an account with an inactivity rule, and when that rule revokes it. */
    public record Inactive(PersonalAccessToken token, Instant deadline) {
    }

    /**
     * Active tokens of accounts with an inactivity rule whose deadline (last use, or creation when
     * never used, plus the rule's days, each exactly 24 hours) is at or before {@code upTo}:
     * without a token.inactive_soon event for that very deadline when {@code warned} is false, with
     * one written at or before {@code warnedBy} when true. With their user graphs, soonest first.
     */
    public Uni<List<Inactive>> inactive(Instant now, Instant upTo, boolean warned, Instant warnedBy, int limit) {
        String warning = "select 1 from notification_event e where e.token_id = t.id and e.event = 'token.inactive_soon'"
                + " and e.threshold = 'P7D' and e.token_expires_at = " + DEADLINE + (warned ? " and e.created_at <= :warnedBy" : "");
        String sql = "select t.id, p.inactivity_revoke_days from personal_access_token t join token_policy p on p.account_id = t.account_id"
                + " where p.inactivity_revoke_days is not null and not t.revoked and (t.expires_at is null or t.expires_at > :now)"
                + " and " + DEADLINE + " <= :upTo and " + (warned ? "exists (" : "not exists (") + warning + ")"
                + " order by " + DEADLINE + ", t.id limit :limit";
        return getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Object[].class)
                    .setParameter("now", now)
                    .setParameter("upTo", upTo)
                    .setParameter("limit", limit);
            if (warned) {
                query.setParameter("warnedBy", warnedBy);
            }
            return query.getResultList();
        }).flatMap(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(List.<Inactive>of());
            }
            Map<UUID, Integer> days = new LinkedHashMap<>();
            rows.forEach(row -> days.put((UUID) row[0], ((Number) row[1]).intValue()));
            return find(WITH_USER_GRAPH + " where t.id in ?1", List.copyOf(days.keySet())).list().map(found -> found.stream()
                    .map(token -> new Inactive(token, inactiveSince(token).plus(Duration.ofDays(days.get(token.id)))))
                    .sorted(Comparator.comparing(Inactive::deadline).thenComparing(inactive -> inactive.token().id))
                    .toList());
        });
    }

    /** The inactivity deadline in SQL: the same instant as {@link #inactiveSince} plus whole 24-hour days. */
    private static final String DEADLINE = "(coalesce(t.last_used_at, t.created_at) + p.inactivity_revoke_days * interval '86400 seconds')";

    private static Instant inactiveSince(PersonalAccessToken token) {
        return token.lastUsedAt != null ? token.lastUsedAt : token.createdAt;
    }

    /** The account's tokens, exact at any size: the sum of the stripes its triggers keep (migration V7). */
    public Uni<Long> countInAccount(UUID accountId) {
        return getSession().flatMap(session -> session
                .createSelectionQuery("select coalesce(sum(t.tokens), 0) from TokenTally t where t.key.accountId = ?1", Long.class)
                .setParameter(1, accountId)
                .getSingleResult());
    }

    /**
     * Tokens not revoked whose expiry lies in (after, upTo] and that have no reminder of this
     * event and threshold for that expiry yet, soonest first, with their user graphs.
     */
    public Uni<List<PersonalAccessToken>> dueForReminder(String event, String threshold, Instant after, Instant upTo, int limit) {
        return getSession().flatMap(session -> session.createSelectionQuery("select t.id from PersonalAccessToken t"
                + " where t.revoked = false and t.expiresAt > :after and t.expiresAt <= :upTo and not exists ("
                + "select 1 from NotificationEvent e where e.tokenId = t.id and e.event = :event and e.threshold = :threshold"
                + " and e.tokenExpiresAt = t.expiresAt) order by t.expiresAt, t.id", UUID.class)
                .setParameter("after", after)
                .setParameter("upTo", upTo)
                .setParameter("event", event)
                .setParameter("threshold", threshold)
                .setMaxResults(limit)
                .getResultList())
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<PersonalAccessToken>of())
                        : find(WITH_USER_GRAPH + " where t.id in ?1 order by t.expiresAt, t.id", ids).list());
    }

    /** The user's tokens not yet revoked, with their user graphs (what a deletion of the user revokes). */
    public Uni<List<PersonalAccessToken>> findUnrevokedOfUser(UUID accountId, UUID userId) {
        return find(WITH_USER_GRAPH + " where t.user.id = ?1 and t.accountId = ?2 and t.revoked = false", userId, accountId).list();
    }

    /** What a bulk revocation matches; a null field does not restrict, and every given one must hold. */
    public record Selection(UUID userId, UUID organizationId, Instant createdBefore, Instant lastUsedBefore, String scope) {
    }

    /**
     * The ids of the account's tokens not revoked that match the selection, in one statement. "Last
     * used before" takes a token never used as last used when it was created.
     */
    public Uni<List<UUID>> unrevokedIds(UUID accountId, Selection selection) {
        StringBuilder sql = new StringBuilder("select t.id from personal_access_token t where t.account_id = :account and not t.revoked");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("account", accountId);
        condition(sql, parameters, "user", selection.userId(), " and t.user_id = :user");
        condition(sql, parameters, "organization", selection.organizationId(),
                " and t.user_id in (select u.id from app_user u where u.account_id = :account and u.organization_id = :organization)");
        condition(sql, parameters, "createdBefore", selection.createdBefore(), " and t.created_at < :createdBefore");
        condition(sql, parameters, "lastUsedBefore", selection.lastUsedBefore(),
                " and coalesce(t.last_used_at, t.created_at) < :lastUsedBefore");
        condition(sql, parameters, "scope", selection.scope(), " and cast(:scope as varchar) = any (t.scopes)");
        return getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql.toString(), UUID.class);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    /** Adds the condition and its parameter when the selection gives a value for it. */
    private static void condition(StringBuilder sql, Map<String, Object> parameters, String name, Object value, String condition) {
        if (value != null) {
            sql.append(condition);
            parameters.put(name, value);
        }
    }

    /**
     * Within the caller's transaction: revokes those of the account's tokens among the ids that are
     * not revoked yet, in one statement whatever their number, and answers the ids it revoked (a
     * token revoked meanwhile by someone else is not among them, so nobody tells of it twice). The
     * ids travel as one array parameter, not as thousands of bind parameters.
     */
    public Uni<List<UUID>> revokeUnrevoked(UUID accountId, List<UUID> ids, Instant now) {
        UUID[] array = ids.toArray(UUID[]::new);
        return getSession().flatMap(session -> session.createNativeQuery("update personal_access_token"
                        + " set revoked = true, updated_at = :now, version = version + 1"
                        + " where account_id = :account and not revoked and id = any (cast(:ids as uuid[])) returning id", UUID.class)
                .setParameter("now", now)
                .setParameter("account", accountId)
                .setParameter("ids", array)
                .getResultList());
    }

    /** Takes the tokens out of the session: a bulk statement changes their rows behind it. */
    public Uni<Void> detach(List<PersonalAccessToken> loaded) {
        return getSession().invoke(session -> loaded.forEach(session::detach)).replaceWithVoid();
    }

    /** Active tokens of a user: neither revoked nor expired. */
    public Uni<Long> countActive(UUID userId, Instant now) {
        return count("user.id = :user and revoked = false and (expiresAt is null or expiresAt > :now)",
                Parameters.with("user", userId).and("now", now));
    }

    /** Locks the owner's row until the transaction ends: concurrent creates for one user queue here, so the limit holds. */
    public Uni<Void> lockOwner(AppUser owner) {
        return getSession().flatMap(session -> session.lock(owner, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Removes the user's tokens, in the caller's transaction (before the user goes). */
    public Uni<Integer> deleteOfUser(UUID userId) {
        return getSession().flatMap(session -> session
                .createMutationQuery("delete from PersonalAccessToken t where t.user.id = :id")
                .setParameter("id", userId)
                .executeUpdate());
    }
}
