package dev.pat.repository;

import dev.pat.service.Ids;
import dev.pat.service.ServiceException;
import dev.pat.service.ServiceException.FieldError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed list query in the seed API's style: {@code page} (from 1), {@code limit} (1..100),
 * {@code sort} ({@code -} for descending) and operator filters such as {@code name[cn]=x},
 * {@code createdAt[gte]=2024-01-01T00:00:00Z} or {@code revoked=true}.
 */
public final class ListRequest {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;
    private static final Pattern FILTER = Pattern.compile("([A-Za-z]+)(?:\\[([a-z]+)])?");
    private static final int MAX_FILTER_VALUE = 200;
    /** PostgreSQL's timestamptz cannot hold every Instant; the API accepts the years 1 to 9999. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    record Filter(ListSpec.Field field, String operator, Object value) {
    }

    private final int page;
    private final int limit;
    private final ListSpec.Field sortField;
    private final boolean descending;
    private final List<Filter> filters;

    private ListRequest(int page, int limit, ListSpec.Field sortField, boolean descending, List<Filter> filters) {
        this.page = page;
        this.limit = limit;
        this.sortField = sortField;
        this.descending = descending;
        this.filters = filters;
    }

    public int page() {
        return page;
    }

    public int limit() {
        return limit;
    }

    /** Parses the query parameters against the spec; every problem is reported at once, as a 400. */
    public static ListRequest parse(Map<String, List<String>> parameters, ListSpec spec, String defaultSort) {
        List<FieldError> errors = new ArrayList<>();
        int page = 1;
        int limit = DEFAULT_LIMIT;
        String sort = defaultSort;
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (parameter.getValue().size() != 1) {
                errors.add(new FieldError(name, "must be given once"));
                continue;
            }
            String value = parameter.getValue().get(0);
            switch (name) {
                case "page" -> page = integer(name, value, 1, Integer.MAX_VALUE / MAX_LIMIT, errors, page);
                case "limit" -> limit = integer(name, value, 1, MAX_LIMIT, errors, limit);
                case "sort" -> sort = value;
                default -> filter(name, value, spec, errors, filters);
            }
        }
        boolean descending = sort.startsWith("-");
        String sortName = descending ? sort.substring(1) : sort;
        ListSpec.Field sortField = spec.sortable().contains(sortName) ? spec.fields().get(sortName) : null;
        if (sortField == null) {
            errors.add(new FieldError("sort", "must be one of " + String.join(", ", spec.sortable()) + ", optionally prefixed by -"));
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors);
        }
        return new ListRequest(page, limit, sortField, descending, List.copyOf(filters));
    }

    /** The HQL condition of the filters on the given alias (starting with " and"), with its parameters. */
    public String where(String alias, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < filters.size(); i++) {
            Filter filter = filters.get(i);
            String path = alias + "." + filter.field().path();
            String parameter = "f" + i;
            Object value = filter.value();
            String condition = switch (filter.operator()) {
                case "eq" -> path + " = :" + parameter;
                case "ne" -> path + " <> :" + parameter;
                case "sw" -> like(path, parameter, escape((String) value) + "%", parameters);
                case "ew" -> like(path, parameter, "%" + escape((String) value), parameters);
                case "cn" -> like(path, parameter, "%" + escape((String) value) + "%", parameters);
                case "gt" -> path + " > :" + parameter;
                case "gte" -> path + " >= :" + parameter;
                case "lt" -> path + " < :" + parameter;
                case "lte" -> path + " <= :" + parameter;
                default -> throw new IllegalStateException("operator " + filter.operator());
            };
            parameters.putIfAbsent(parameter, value);
            where.append(" and ").append(condition);
        }
        return where.toString();
    }

    /** The order clause on the alias, with the id as tie-breaker so pages never overlap. */
    public String orderBy(String alias) {
        String direction = descending ? " desc" : " asc";
        return " order by " + alias + "." + sortField.path() + direction + " nulls last, " + alias + ".id" + direction;
    }

    public int offset() {
        return (page - 1) * limit;
    }

    private static String like(String path, String parameter, String pattern, Map<String, Object> parameters) {
        parameters.put(parameter, pattern.toLowerCase());
        return "lower(" + path + ") like :" + parameter + " escape '\\'";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static int integer(String name, String value, int min, int max, List<FieldError> errors, int fallback) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    private static void filter(String name, String value, ListSpec spec, List<FieldError> errors, List<Filter> filters) {
        Matcher matcher = FILTER.matcher(name);
        ListSpec.Field field = matcher.matches() ? spec.fields().get(matcher.group(1)) : null;
        if (field == null) {
            errors.add(new FieldError(name, "is not a known parameter"));
            return;
        }
        String operator = matcher.group(2);
        if (value.length() > MAX_FILTER_VALUE) {
            errors.add(new FieldError(name, "must be at most " + MAX_FILTER_VALUE + " characters"));
            return;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(name, "must not contain control characters"));
            return;
        }
        switch (field.type()) {
            case TEXT -> {
                String op = operator == null ? "eq" : operator;
                if (!List.of("eq", "ne", "sw", "ew", "cn").contains(op)) {
                    errors.add(new FieldError(name, "takes the operators eq, ne, sw, ew, cn"));
                } else {
                    filters.add(new Filter(field, op, value));
                }
            }
            case TIME -> {
                if (operator == null || !List.of("gt", "gte", "lt", "lte").contains(operator)) {
                    errors.add(new FieldError(name, "takes the operators gt, gte, lt, lte"));
                    return;
                }
                try {
                    Instant instant = Instant.parse(value);
                    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                        errors.add(new FieldError(name, "must lie between years 1 and 9999"));
                    } else {
                        filters.add(new Filter(field, operator, instant));
                    }
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError(name, "must be an ISO-8601 UTC timestamp such as 2019-08-24T14:15:22Z"));
                }
            }
            case BOOLEAN -> {
                if (operator != null && !operator.equals("eq")) {
                    errors.add(new FieldError(name, "takes no operator"));
                } else if (!value.equals("true") && !value.equals("false")) {
                    errors.add(new FieldError(name, "must be true or false"));
                } else {
                    filters.add(new Filter(field, "eq", Boolean.parseBoolean(value)));
                }
            }
            case ID -> {
                if (operator != null && !operator.equals("eq")) {
                    errors.add(new FieldError(name, "takes no operator"));
                } else {
                    Ids.parse(value).ifPresentOrElse(id -> filters.add(new Filter(field, "eq", id)),
                            () -> errors.add(new FieldError(name, "must be a UUID")));
                }
            }
        }
    }

    /** A fresh parameter map for {@link #where}. */
    public static Map<String, Object> parameters() {
        return new HashMap<>();
    }
}
