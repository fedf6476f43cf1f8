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


    @Override
    public Uni<Page<Webhook>> list(UUID accountId, ListQuery query) {
        return ListQueries.list(this, "select t from Webhook t", "Webhook", ListQueries.Scope.account(accountId), query);
    }
}
