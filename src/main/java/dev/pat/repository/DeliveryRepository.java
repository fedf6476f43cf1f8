package dev.pat.repository;

import dev.pat.model.NotificationDelivery;
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

/** Reads of the deliveries made to a webhook, for its owner's account. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<NotificationDelivery, UUID> {

    /** Newest first by default: what an administrator looking into a webhook wants to see. */
    public static final ListSpec LIST_SPEC = new ListSpec(Map.of(
            "status", ListSpec.text("status"),
            "event", ListSpec.text("event.event"),
            "attempts", ListSpec.number("attempts"),
            "responseCode", ListSpec.number("responseCode"),
            "createdAt", ListSpec.time("createdAt"),
            "nextAttemptAt", ListSpec.time("nextAttemptAt")),
            Set.of("createdAt", "nextAttemptAt"), "-createdAt", List.of());

    public Uni<Page<NotificationDelivery>> list(UUID accountId, UUID webhookId, ListQuery query) {
        return ListQueries.list(this, "select t from NotificationDelivery t join fetch t.event", "NotificationDelivery",
                ListQueries.Scope.account(accountId).and("p.webhookId = :webhook", "webhook", webhookId), query);
    }
}
