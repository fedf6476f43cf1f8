package dev.pat.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The page and count statements every list endpoint runs: the page in one statement (a limited
 * id subquery picks the page, the outer query fetches the graph, so a collection fetch never
 * makes Hibernate paginate in memory) and one count.
 */
final class ListQueries {

    private ListQueries() {
    }

    /**
     * @param graph  a select of the entity under the alias {@code t}, with its fetch joins
     * @param entity the entity name, for the subquery and the count (alias {@code p})
     * @param scope  the account condition on alias {@code p}, its parameters already in {@code parameters}
     */
    static <T> Uni<List<T>> page(PanacheRepositoryBase<T, UUID> repository, String graph, String entity, String scope,
            Map<String, Object> parameters, ListRequest request) {
        String where = scope + request.where("p", parameters);
        parameters.put("offset", request.offset());
        parameters.put("limit", request.limit());
        String query = graph + " where t.id in (select p.id from " + entity + " p where " + where
                + request.orderBy("p") + " offset :offset rows fetch first :limit rows only)" + request.orderBy("t");
        return repository.find(query, parameters).list();
    }

    static <T> Uni<Long> count(PanacheRepositoryBase<T, UUID> repository, String entity, String scope,
            Map<String, Object> parameters, ListRequest request) {
        return repository.count("from " + entity + " p where " + scope + request.where("p", parameters), parameters);
    }

    /** The condition "in this account" on alias {@code p}. */
    static String account(UUID accountId, Map<String, Object> parameters) {
        parameters.put("account", accountId);
        return "p.accountId = :account";
    }
}
