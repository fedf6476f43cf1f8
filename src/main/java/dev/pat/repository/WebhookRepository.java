package dev.pat.repository;

import dev.pat.model.Webhook;
import dev.pat.query.ListQuery;
import dev.pat.query.ListSpec;
import dev.pat.query.Page;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Queries on webhooks. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

    public static final ListSpec LIST_SPEC = new ListSpec(Map.of(
            "url", ListSpec.text("url"),
            "events", ListSpec.tags("events"),
            "active", ListSpec.bool("active"),
            "createdAt", ListSpec.time("createdAt"),
            "updatedAt", ListSpec.time("updatedAt")),
            Set.of("createdAt", "updatedAt", "url"), "createdAt", List.of("url"));

    public Uni<Webhook> findInAccount(UUID accountId, UUID id) {
        return find("id = ?1 and accountId = ?2", id, accountId).firstResult();
    }

    public Uni<Page<Webhook>> list(UUID accountId, ListQuery query) {
        return ListQueries.list(this, "select t from Webhook t", "Webhook", ListQueries.Scope.account(accountId), query);
    }
}
