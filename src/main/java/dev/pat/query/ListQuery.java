package dev.pat.query;

import java.util.List;

/**
 * A list request, parsed and typed: which page, how many, in what order, and the filters, each a
 * field of the {@link ListSpec} with an operator and a value of the field's type. Repositories
 * turn it into a query with bound parameters; nothing in it is raw text from the query string.
 */
public record ListQuery(int page, int limit, ListSpec.Field sort, boolean descending, List<Filter> filters) {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;

    public enum Operator { EQ, NE, SW, EW, CN, GT, GTE, LT, LTE }

    /**
     * One condition: a String for TEXT fields, an Instant for TIME, a Boolean, or a UUID for ID.
     * {@code parameter} is the name the client gave it ({@code name[cn]}), for error messages.
     */
    public record Filter(String parameter, ListSpec.Field field, Operator operator, Object value) {
    }

    public ListQuery {
        filters = List.copyOf(filters);
    }

    public int offset() {
        return (page - 1) * limit;
    }
}
