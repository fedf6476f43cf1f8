package dev.pat.repository;

import dev.pat.model.Reseller;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Queries on resellers. */
@ApplicationScoped
public class ResellerRepository implements PanacheRepositoryBase<Reseller, UUID> {

    public static final ListSpec LIST_SPEC = new ListSpec(Map.of(
            "name", ListSpec.text("name"),
            "email", ListSpec.text("email"),
            "createdAt", ListSpec.time("createdAt"),
            "updatedAt", ListSpec.time("updatedAt")),
            Set.of("createdAt", "updatedAt", "name", "email"));

    public Uni<Reseller> findInAccount(UUID accountId, UUID id) {
        return find("id = ?1 and accountId = ?2", id, accountId).firstResult();
    }

    public Uni<List<Reseller>> page(UUID accountId, ListRequest request) {
        Map<String, Object> parameters = ListRequest.parameters();
        return ListQueries.page(this, "select t from Reseller t", "Reseller",
                ListQueries.account(accountId, parameters), parameters, request);
    }

    public Uni<Long> countMatching(UUID accountId, ListRequest request) {
        Map<String, Object> parameters = ListRequest.parameters();
        return ListQueries.count(this, "Reseller", ListQueries.account(accountId, parameters), parameters, request);
    }

    /** How many users and organizations still point at the reseller. */
    public Uni<Long> countDependants(UUID resellerId) {
        return getSession().flatMap(session -> session
                .createSelectionQuery("select (select count(u) from AppUser u where u.reseller.id = :id)"
                        + " + (select count(o) from Organization o where o.reseller.id = :id)", Long.class)
                .setParameter("id", resellerId)
                .getSingleResult());
    }
}
