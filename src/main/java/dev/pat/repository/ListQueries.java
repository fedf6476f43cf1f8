package dev.pat.repository;

import dev.pat.query.ListQuery;
import dev.pat.query.Page;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one list implementation: the page in one statement (a limited id subquery picks the page,
 * the outer query fetches the graph, so a collection fetch never makes Hibernate paginate in
 * memory), then one count, on the same session one after the other. Every filter value is a
 * bound parameter.
 */
final class ListQueries {

    private ListQueries() {
    }

    /** The rows an alias {@code p} may come from: an account, and optionally more conditions. */
    record Scope(String condition, Map<String, Object> parameters) {

        static Scope account(UUID accountId) {
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("account", accountId);
            return new Scope("p.accountId = :account", parameters);
        }

        Scope and(String condition, String name, Object value) {
            Map<String, Object> more = new HashMap<>(parameters);
            more.put(name, value);
            return new Scope(this.condition + " and " + condition, more);
        }
    }

    /**
     * @param graph  a select of the entity under the alias {@code t}, with its fetch joins
     * @param entity the entity name, for the subquery and the count (alias {@code p})
     */
    static <T> Uni<Page<T>> list(PanacheRepositoryBase<T, UUID> repository, String graph, String entity, Scope scope,
            ListQuery query) {
        Map<String, Object> parameters = new HashMap<>(scope.parameters());
        String where = scope.condition() + where(query, parameters);
        Map<String, Object> pageParameters = new HashMap<>(parameters);
        pageParameters.put("offset", query.offset());
        pageParameters.put("limit", query.limit());
        String select = graph + " where t.id in (select p.id from " + entity + " p where " + where
                + orderBy(query, "p") + " offset :offset rows fetch first :limit rows only)" + orderBy(query, "t");
        return repository.find(select, pageParameters).list()
                .flatMap(items -> repository.count("from " + entity + " p where " + where, parameters)
                        .map(total -> new Page<>(items, total, query.page(), query.limit())));
    }

    /** The filters as an HQL condition on alias {@code p} (starting with " and"), their values bound. */
    private static String where(ListQuery query, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder();
        List<ListQuery.Filter> filters = query.filters();
        for (int i = 0; i < filters.size(); i++) {
            ListQuery.Filter filter = filters.get(i);
            String path = "p." + filter.field().path();
            String parameter = "f" + i;
            String condition = switch (filter.operator()) {
                case EQ -> path + " = :" + parameter;
                case NE -> path + " <> :" + parameter;
                case SW -> like(path, parameter, escape(filter.value()) + "%", parameters);
                case EW -> like(path, parameter, "%" + escape(filter.value()), parameters);
                case CN -> like(path, parameter, "%" + escape(filter.value()) + "%", parameters);
                case GT -> path + " > :" + parameter;
                case GTE -> path + " >= :" + parameter;
                case LT -> path + " < :" + parameter;
                case LTE -> path + " <= :" + parameter;
            };
            parameters.putIfAbsent(parameter, filter.value());
            where.append(" and ").append(condition);
        }
        return where.toString();
    }

    /** The order clause on the alias, with the id as tie-breaker so pages never overlap. */
    private static String orderBy(ListQuery query, String alias) {
        String direction = query.descending() ? " desc" : " asc";
        return " order by " + alias + "." + query.sort().path() + direction + " nulls last, " + alias + ".id" + direction;
    }

    private static String like(String path, String parameter, String pattern, Map<String, Object> parameters) {
        parameters.put(parameter, pattern.toLowerCase());
        return "lower(" + path + ") like :" + parameter + " escape '\\'";
    }

    private static String escape(Object value) {
        return ((String) value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
