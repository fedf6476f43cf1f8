package dev.pat.notification.repository;

import dev.pat.listing.ListQueries;
import dev.pat.listing.ListQuery;
import dev.pat.listing.ListSpec;
import dev.pat.listing.Page;
import dev.pat.notification.model.NotificationDelivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads of the deliveries made to a webhook, for its owner's account. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<NotificationDelivery, UUID> {

    public Uni<Page<NotificationDelivery>> list(UUID accountId, UUID webhookId, ListQuery query) {
        return ListQueries.list(this, "select t from NotificationDelivery t join fetch t.event", "NotificationDelivery",
                ListQueries.Scope.account(accountId).and("p.webhookId = :webhook", "webhook", webhookId), query);
    }
}
