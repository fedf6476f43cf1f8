package dev.pat.listing;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one list implementation: the page in one statement (a limited id subquery picks the page,
 * the outer query fetches the graph, so a collection fetch never makes Hibernate paginate in
 * memory), or only the page's ids (for a repository that reads their graphs itself); then,
 * unless the page is the last one, a count bounded at {@link Page#COUNT_BOUND} + 1 rows (or, for a
 * list that neither filters nor searches, the exact count its repository keeps), one after the
 * other. Every filter value is a bound parameter.
 */
public final class ListQueries {

    private ListQueries() {
    }

    /** The rows an alias {@code p} may come from: an account, and optionally more conditions. */
    public record Scope(String condition, Map<String, Object> parameters) {

        public static Scope account(UUID accountId) {
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("account", accountId);
            return new Scope("p.accountId = :account", parameters);
        }

        public Scope and(String condition, String name, Object value) {
            Map<String, Object> more = new HashMap<>(parameters);
            more.put(name, value);
            return new Scope(this.condition + " and " + condition, more);
        }

        /** A condition with any number of bound parameters, named apart from the list's own ({@code f0}, {@code search}, ...). */
        public Scope and(String condition, Map<String, Object> values) {
            Map<String, Object> more = new HashMap<>(parameters);
            more.putAll(values);
            return new Scope(this.condition + " and (" + condition + ")", more);
        }
    }

    /**
     * @param graph  a select of the entity under the alias {@code t}, with its fetch joins
     * @param entity the entity name, for the subquery and the count (alias {@code p})
     */
    public static <T> Uni<Page<T>> list(PanacheRepositoryBase<T, UUID> repository, String graph, String entity, Scope scope,
            ListQuery query) {
        Map<String, Object> parameters = new HashMap<>(scope.parameters());
        String where = scope.condition() + where(query, parameters);
        Map<String, Object> pageParameters = new HashMap<>(parameters);
        pageParameters.put("offset", query.offset());
        pageParameters.put("limit", query.limit());
        String select = graph + " where t.id in (select p.id from " + entity + " p where " + where
                + orderBy(query, "p") + " offset :offset rows fetch first :limit rows only)" + orderBy(query, "t");
        return repository.find(select, pageParameters).list()
                .flatMap(items -> page(repository, entity, where, parameters, query, items, null));
    }

    /**
     * The page's ids only (every filter, the order, the page), with the page's total: for a reader
     * that fetches their graphs itself, after this session has ended.
     *
     * @param unfilteredCount when not null, the exact number of items in the scope, asked instead of
     *                        the bounded count when the query neither filters nor searches
     */
    public static Uni<Page<UUID>> ids(PanacheRepositoryBase<?, UUID> repository, String entity, Scope scope, ListQuery query,
            Supplier<Uni<Long>> unfilteredCount) {
        Map<String, Object> parameters = new HashMap<>(scope.parameters());
        String where = scope.condition() + where(query, parameters);
        return repository.getSession().flatMap(session -> {
            var ids = session.createSelectionQuery("select p.id from " + entity + " p where " + where + orderBy(query, "p")
                    + " offset :offset rows fetch first :limit rows only", UUID.class);
            parameters.forEach(ids::setParameter);
            ids.setParameter("offset", query.offset());
            ids.setParameter("limit", query.limit());
            return ids.getResultList();
        }).flatMap(ids -> page(repository, entity, where, parameters, query, ids, unfilteredCount));
    }

    /** The page with its total: known from a last page's size, else counted (exactly, or up to the bound). */
    private static <T> Uni<Page<T>> page(PanacheRepositoryBase<?, UUID> repository, String entity, String where,
            Map<String, Object> parameters, ListQuery query, List<T> items, Supplier<Uni<Long>> unfilteredCount) {
        if (items.size() < query.limit() && (!items.isEmpty() || query.offset() == 0)) {
            // The last page: the total is known without counting.
            return Uni.createFrom().item(new Page<>(items, (long) query.offset() + items.size(), query.page(), query.limit()));
        }
        if (unfilteredCount != null && query.unfiltered()) {
            return unfilteredCount.get().map(total -> new Page<>(items, total, query.page(), query.limit()));
        }
        // At most one row past the bound is counted: an exact total up to it, "more" beyond. HQL wants an
        // order for a limited subquery; the list's own follows the index the page query uses.
        Map<String, Object> countParameters = new HashMap<>(parameters);
        countParameters.put("bound", Page.COUNT_BOUND + 1);
        return repository.getSession().flatMap(session -> {
            var count = session.createSelectionQuery("select count(*) from (select p.id as id from " + entity + " p where " + where
                    + orderBy(query, "p") + " fetch first :bound rows only) c", Long.class);
            countParameters.forEach(count::setParameter);
            return count.getSingleResult();
        }).map(total -> new Page<>(items, total > Page.COUNT_BOUND ? null : total, query.page(), query.limit()));
    }

    /** The filters and the search as an HQL condition on alias {@code p} (starting with " and"), their values bound. */
    private static String where(ListQuery query, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder();
        List<ListQuery.Filter> filters = query.filters();
        for (int i = 0; i < filters.size(); i++) {
            ListQuery.Filter filter = filters.get(i);
            ListSpec.Field field = filter.field();
            if (field.path() == null) {
                // A flag: the list's owner turns it into a condition of its scope.
                continue;
            }
            String alias = field.within() == null ? "p" : "m";
            String condition = condition(alias + "." + field.path(), field.type(), filter.operator(), filter.value(), "f" + i,
                    parameters);
            if (field.within() != null) {
                condition = "exists (select 1 from " + field.within() + " and " + condition + ")";
            }
            where.append(" and ").append(condition);
        }
        if (query.search() != null && !query.search().paths().isEmpty()) {
            parameters.put("search", "%" + escape(query.search().term()).toLowerCase(Locale.ROOT) + "%");
            where.append(" and (").append(query.search().paths().stream()
                    .map(path -> "lower(p." + path + ") like :search escape '\\'")
                    .collect(Collectors.joining(" or "))).append(")");
        }
        return where.toString();
    }

    private static String condition(String path, ListSpec.Type type, ListQuery.Operator operator, Object value, String parameter,
            Map<String, Object> parameters) {
        if (type == ListSpec.Type.TAGS) {
            // A row matches eq when its array holds the value, in when it holds any of them, nin when none.
            return switch (operator) {
                case EQ -> bind(parameters, parameter, value, "array_contains(" + path + ", :" + parameter + ")");
                case NE -> bind(parameters, parameter, value, "not array_contains(" + path + ", :" + parameter + ")");
                case IN -> bind(parameters, parameter, array(value), "array_intersects(" + path + ", :" + parameter + ")");
                case NIN -> bind(parameters, parameter, array(value), "not array_intersects(" + path + ", :" + parameter + ")");
                default -> throw new IllegalArgumentException(operator + " on tags");
            };
        }
        if (type == ListSpec.Type.TIME && (operator == ListQuery.Operator.EQ || operator == ListQuery.Operator.NE)) {
            // The API shows whole seconds: equal means within that second, so a value read back matches.
            Instant second = ((Instant) value).truncatedTo(ChronoUnit.SECONDS);
            parameters.put(parameter, second);
            parameters.put(parameter + "e", second.plusSeconds(1));
            String within = path + " >= :" + parameter + " and " + path + " < :" + parameter + "e";
            return operator == ListQuery.Operator.EQ ? "(" + within + ")" : "(" + path + " is null or not (" + within + "))";
        }
        return switch (operator) {
            case EQ -> bind(parameters, parameter, value, path + " = :" + parameter);
            case NE -> bind(parameters, parameter, value, "(" + path + " is null or " + path + " <> :" + parameter + ")");
            case SW -> like(path, parameter, escape(value) + "%", parameters);
            case EW -> like(path, parameter, "%" + escape(value), parameters);
            case CN -> like(path, parameter, "%" + escape(value) + "%", parameters);
            case NC -> "(" + path + " is null or not " + like(path, parameter, "%" + escape(value) + "%", parameters) + ")";
            case IN -> bind(parameters, parameter, value, path + " in (:" + parameter + ")");
            case NIN -> bind(parameters, parameter, value, "(" + path + " is null or " + path + " not in (:" + parameter + "))");
            case GT -> bind(parameters, parameter, value, path + " > :" + parameter);
            case GTE -> bind(parameters, parameter, value, path + " >= :" + parameter);
            case LT -> bind(parameters, parameter, value, path + " < :" + parameter);
            case LTE -> bind(parameters, parameter, value, path + " <= :" + parameter);
        };
    }

    private static String bind(Map<String, Object> parameters, String name, Object value, String condition) {
        parameters.put(name, value);
        return condition;
    }

    private static String[] array(Object values) {
        return ((List<?>) values).stream().map(String::valueOf).toArray(String[]::new);
    }

    /** The order clause on the alias, with the id as tie-breaker so pages never overlap. */
    private static String orderBy(ListQuery query, String alias) {
        String direction = query.descending() ? " desc" : " asc";
        return " order by " + alias + "." + query.sort().path() + direction + " nulls last, " + alias + ".id" + direction;
    }

    private static String like(String path, String parameter, String pattern, Map<String, Object> parameters) {
        parameters.put(parameter, pattern.toLowerCase(Locale.ROOT));
        return "lower(" + path + ") like :" + parameter + " escape '\\'";
    }

    private static String escape(Object value) {
        // The like patterns below declare backslash as their escape character.
        return ((String) value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
