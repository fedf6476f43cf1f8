package dev.pat.repository;

import dev.pat.model.Organization;
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

/** Queries on organizations, always with their reseller. */
@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, UUID> {

    public static final ListSpec LIST_SPEC = new ListSpec(Map.of(
            "name", ListSpec.text("name"),
            "email", ListSpec.text("email"),
            "resellerId", ListSpec.id("reseller.id"),
            "allowedUsers", ListSpec.number("allowedUsers"),
            "createdAt", ListSpec.time("createdAt"),
            "updatedAt", ListSpec.time("updatedAt")),
            Set.of("createdAt", "updatedAt", "name", "email"), "createdAt", List.of("name", "email"));

    static final String WITH_RESELLER = "select t from Organization t left join fetch t.reseller";

    public Uni<Organization> findInAccount(UUID accountId, UUID id) {
        return find(WITH_RESELLER + " where t.id = ?1 and t.accountId = ?2", id, accountId).firstResult();
    }

    public Uni<Page<Organization>> list(UUID accountId, ListQuery query) {
        return ListQueries.list(this, WITH_RESELLER, "Organization", ListQueries.Scope.account(accountId), query);
    }

    public Uni<Long> countUsers(UUID organizationId) {
        return getSession().flatMap(session -> session
                .createSelectionQuery("select count(u) from AppUser u where u.organization.id = :id", Long.class)
                .setParameter("id", organizationId)
                .getSingleResult());
    }
}
