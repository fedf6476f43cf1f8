package dev.pat.directory.repository;

import dev.pat.crud.AccountRows;
import dev.pat.directory.model.AppUser;
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

/** Queries on users, with the organization, reseller and metadata graph the API shows. */
@ApplicationScoped
public class UserRepository implements AccountRows<AppUser> {

    /** The user graph in one statement: to-one chain by join fetch, metadata by a collection fetch. */
    static final String WITH_GRAPH = "select t from AppUser t"
            + " left join fetch t.organization o"
            + " left join fetch o.reseller"
            + " left join fetch t.reseller"
            + " left join fetch t.metadata";

    /** The user with organization, resellers and metadata, or null. */
    @Override
    public Uni<AppUser> findInAccount(UUID accountId, UUID id) {
        return find(WITH_GRAPH + " where t.id = ?1 and t.accountId = ?2", id, accountId)
                .list()
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    @Override
    public Uni<Page<AppUser>> list(UUID accountId, ListQuery query) {
        return ListQueries.list(this, WITH_GRAPH, "AppUser", ListQueries.Scope.account(accountId), query);
    }
}
