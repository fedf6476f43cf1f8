package dev.pat.notification.repository;

import dev.pat.crud.AccountRows;
import dev.pat.listing.ListQueries;
import dev.pat.listing.ListQuery;
import dev.pat.listing.ListSpec;
import dev.pat.listing.Page;
import dev.pat.notification.model.Webhook;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Queries on webhooks. */
@ApplicationScoped
public class WebhookRepository implements AccountRows<Webhook> {

    /**
     * Within the caller's transaction: takes the account's webhook-creation lock (a transaction-scoped
     * advisory lock, so another account never waits) and then counts the account's webhooks. Concurrent
     * creates in one account queue at the lock, and each counts, in a statement after it, what the
     * ones before it committed: the cap holds however many arrive at once.
     */
    public Uni<Long> lockAndCount(UUID accountId) {
        return getSession().flatMap(session -> session
                        .createNativeQuery("select 1 from pg_advisory_xact_lock(hashtextextended(:key, 0))")
                        .setParameter("key", "pat.webhooks:" + accountId)
                        .getSingleResult())
                .flatMap(locked -> count("accountId = ?1", accountId));
    }

    @Override
    public Uni<Page<Webhook>> list(UUID accountId, ListQuery query) {
        return ListQueries.list(this, "select t from Webhook t", "Webhook", ListQueries.Scope.account(accountId), query);
    }
}
