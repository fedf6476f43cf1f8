package dev.pat.listing;

import java.util.List;

/**
 * A list request, parsed and typed: which page, how many, in what order, and the filters, each a
 * field of the {@link ListSpec} with an operator and a value of the field's type. Repositories
 * turn it into a query with bound parameters; nothing in it is raw text from the query string.
 */
public record ListQuery(int page, int limit, ListSpec.Field sort, boolean descending, List<Filter> filters, Search search) {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;
    /**
     * The deepest item a page may start at: an offset past it makes PostgreSQL walk and drop that many
     * rows for every page, which a narrower filter does not.
     */
    public static final int MAX_OFFSET = 10_000;

    public enum Operator { EQ, NE, SW, EW, CN, NC, IN, NIN, GT, GTE, LT, LTE }

    /**
     * One condition: a String for TEXT and TAGS fields, an Instant for TIME (whole seconds for EQ and
     * NE), a Boolean, a UUID for ID, a Long for NUMBER; a List of those for IN and NIN.
     * {@code parameter} is the name the client gave it ({@code name[cn]}), for error messages.
     */
    public record Filter(String parameter, ListSpec.Field field, Operator operator, Object value) {
    }

    /** The free-text {@code query}: case-insensitive, over the paths the list's spec searches; a row matches when one holds the term. */
    public record Search(String term, List<String> paths) {
    }

    public ListQuery {
        filters = List.copyOf(filters);
    }

    /** Without a free-text search. */
    public ListQuery(int page, int limit, ListSpec.Field sort, boolean descending, List<Filter> filters) {
        this(page, limit, sort, descending, filters, null);
    }

    /** Neither filtered nor searched: every item of the list's scope. */
    public boolean unfiltered() {
        return filters.isEmpty() && (search == null || search.paths().isEmpty());
    }

    public int offset() {
        return (page - 1) * limit;
    }
}
