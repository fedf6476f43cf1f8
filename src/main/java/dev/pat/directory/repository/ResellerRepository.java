package dev.pat.directory.repository;

import dev.pat.crud.AccountRows;
import dev.pat.directory.model.Reseller;
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

/** Queries on resellers. */
@ApplicationScoped
public class ResellerRepository implements AccountRows<Reseller> {


    @Override
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
