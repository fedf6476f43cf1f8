package dev.pat.crud;

import dev.pat.listing.ListQuery;
import dev.pat.listing.Page;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** What {@link CrudService} needs of a repository: one of the account's rows by id, and a page of them. */
public interface AccountRows<E> extends PanacheRepositoryBase<E, UUID> {

    /** The row with the graph its body shows, or null when the account has no such row. */
    default Uni<E> findInAccount(UUID accountId, UUID id) {
        return find("id = ?1 and accountId = ?2", id, accountId).firstResult();
    }

    Uni<Page<E>> list(UUID accountId, ListQuery query);
}
