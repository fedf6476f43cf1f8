package dev.pat.token.repository;

import dev.pat.token.model.TokenPolicy;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/** The accounts' token policies, one row per account that has one. */
@ApplicationScoped
public class TokenPolicyRepository implements PanacheRepositoryBase<TokenPolicy, UUID> {

    /** The account's policy, or null; for reading only. */
    public Uni<TokenPolicy> of(UUID accountId) {
        return findById(accountId);
    }

    /**
     * Within a token write: the account's policy (or null), its row share-locked until the write
     * commits, so that a PUT of the policy waits for writes checked against the one it replaces and
     * counts their tokens, and no write is checked against a policy replaced meanwhile.
     */
    public Uni<TokenPolicy> inForce(UUID accountId) {
        return getSession().flatMap(session -> session.find(TokenPolicy.class, accountId, LockModeType.PESSIMISTIC_READ));
    }

    /**
     * Within the PUT's transaction: the account's row, made when missing and locked for the change.
     * The insert that may do nothing keeps two first PUTs of one account from failing on its key.
     */
    public Uni<TokenPolicy> lockForChange(UUID accountId, Instant now) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "insert into token_policy (account_id, updated_at) values (:account, :now) on conflict (account_id) do nothing")
                .setParameter("account", accountId)
                .setParameter("now", now)
                .executeUpdate()
                .chain(() -> session.find(TokenPolicy.class, accountId, LockModeType.PESSIMISTIC_WRITE)));
    }
}
