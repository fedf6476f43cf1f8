package dev.pat.directory.repository;

import dev.pat.crud.AccountRows;
import dev.pat.directory.model.Organization;
import dev.pat.listing.ListQueries;
import dev.pat.listing.ListQuery;
import dev.pat.listing.ListSpec;
import dev.pat.listing.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Queries on organizations, always with their reseller. */
@ApplicationScoped
public class OrganizationRepository implements AccountRows<Organization> {

    static final String WITH_RESELLER = "select t from Organization t left join fetch t.reseller";

    @Override
    public Uni<Organization> findInAccount(UUID accountId, UUID id) {
        return find(WITH_RESELLER + " where t.id = ?1 and t.accountId = ?2", id, accountId).firstResult();
    }

    @Override
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
