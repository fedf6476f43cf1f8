package dev.pat.repository;

import dev.pat.model.Reseller;
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

/** Queries on resellers. */
@ApplicationScoped
public class ResellerRepository implements PanacheRepositoryBase<Reseller, UUID> {

    public static final ListSpec LIST_SPEC = new ListSpec(Map.of(
            "name", ListSpec.text("name"),
            "email", ListSpec.text("email"),
            "allowedUsers", ListSpec.number("allowedUsers"),
            "allowedOrganizations", ListSpec.number("allowedOrganizations"),
            "createdAt", ListSpec.time("createdAt"),
            "updatedAt", ListSpec.time("updatedAt")),
            Set.of("createdAt", "updatedAt", "name", "email"), "createdAt", List.of("name", "email"));

    public Uni<Reseller> findInAccount(UUID accountId, UUID id) {
        return find("id = ?1 and accountId = ?2", id, accountId).firstResult();
    }

    public Uni<Page<Reseller>> list(UUID accountId, ListQuery query) {
        return ListQueries.list(this, "select t from Reseller t", "Reseller", ListQueries.Scope.account(accountId), query);
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
