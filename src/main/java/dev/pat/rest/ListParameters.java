package dev.pat.rest;

import dev.pat.api.ApiTime;
import dev.pat.api.FieldError;
import dev.pat.query.ListQuery.Operator;
import dev.pat.query.ListQuery;
import dev.pat.query.ListSpec;
import dev.pat.service.Ids;
import dev.pat.service.ServiceException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the query string of a list in the seed API's style into a typed {@link ListQuery}:
 * {@code page} (from 1), {@code limit} (1..100), {@code sort} ({@code -} for descending) and
 * operator filters such as {@code name[cn]=x}, {@code createdAt[gte]=2024-01-01T00:00:00Z} or
 * {@code revoked=true}. Every problem is reported at once, as a 400 naming the parameter.
 */
public final class ListParameters {

    private static final Pattern FILTER = Pattern.compile("([A-Za-z]+)(?:\\[([a-z]+)])?");
    private static final int MAX_FILTER_VALUE = 200;
    private static final Set<Operator> TEXT_OPERATORS = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(Operator.EQ, Operator.NE, Operator.SW, Operator.EW, Operator.CN));
    private static final Set<Operator> TIME_OPERATORS = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(Operator.GT, Operator.GTE, Operator.LT, Operator.LTE));

    private ListParameters() {
    }

    /** The operators a field of this type takes in brackets (a text field also takes none, meaning eq). */
    public static Set<Operator> operators(ListSpec.Type type) {
        return switch (type) {
            case TEXT -> TEXT_OPERATORS;
            case TIME -> TIME_OPERATORS;
            case BOOLEAN, ID -> Set.of();
        };
    }

    public static ListQuery parse(Map<String, List<String>> parameters, ListSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        int page = 1;
        int limit = ListQuery.DEFAULT_LIMIT;
        String sort = spec.defaultSort();
        List<ListQuery.Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (parameter.getValue().size() != 1) {
                errors.add(new FieldError(name, "must be given once"));
                continue;
            }
            String value = parameter.getValue().get(0);
            switch (name) {
                case "page" -> page = integer(name, value, 1, Integer.MAX_VALUE / ListQuery.MAX_LIMIT, errors, page);
                case "limit" -> limit = integer(name, value, 1, ListQuery.MAX_LIMIT, errors, limit);
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
        return new ListQuery(page, limit, sortField, descending, filters);
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

    private static void filter(String name, String value, ListSpec spec, List<FieldError> errors, List<ListQuery.Filter> filters) {
        Matcher matcher = FILTER.matcher(name);
        ListSpec.Field field = matcher.matches() ? spec.fields().get(matcher.group(1)) : null;
        if (field == null) {
            errors.add(new FieldError(name, "is not a known parameter"));
            return;
        }
        if (value.length() > MAX_FILTER_VALUE) {
            errors.add(new FieldError(name, "must be at most " + MAX_FILTER_VALUE + " characters"));
            return;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(name, "must not contain control characters"));
            return;
        }
        Operator operator = operator(matcher.group(2));
        String problem = switch (field.type()) {
            case TEXT -> {
                Operator op = matcher.group(2) == null ? Operator.EQ : operator;
                if (op == null || !TEXT_OPERATORS.contains(op)) {
                    yield "takes the operators eq, ne, sw, ew, cn";
                }
                filters.add(new ListQuery.Filter(name, field, op, value));
                yield null;
            }
            case TIME -> {
                if (operator == null || !TIME_OPERATORS.contains(operator)) {
                    yield "takes the operators gt, gte, lt, lte";
                }
                yield time(name, field, operator, value, filters);
            }
            case BOOLEAN -> {
                if (matcher.group(2) != null && operator != Operator.EQ) {
                    yield "takes no operator";
                }
                if (!value.equals("true") && !value.equals("false")) {
                    yield "must be true or false";
                }
                filters.add(new ListQuery.Filter(name, field, Operator.EQ, Boolean.parseBoolean(value)));
                yield null;
            }
            case ID -> {
                if (matcher.group(2) != null && operator != Operator.EQ) {
                    yield "takes no operator";
                }
                Optional<UUID> id = Ids.parse(value);
                if (id.isEmpty()) {
                    yield "must be a UUID";
                }
                filters.add(new ListQuery.Filter(name, field, Operator.EQ, id.get()));
                yield null;
            }
        };
        if (problem != null) {
            errors.add(new FieldError(name, problem));
        }
    }

    private static String time(String name, ListSpec.Field field, Operator operator, String value, List<ListQuery.Filter> filters) {
        try {
            Instant instant = Instant.parse(value);
            if (instant.isBefore(ApiTime.EARLIEST) || instant.isAfter(ApiTime.LATEST)) {
                return "must lie between years 1 and 9999";
            }
            filters.add(new ListQuery.Filter(name, field, operator, instant));
            return null;
        } catch (DateTimeParseException e) {
            return "must be an ISO-8601 UTC timestamp such as 2019-08-24T14:15:22Z";
        }
    }

    /** The operator in brackets, or null when there is none or it is not one. */
    private static Operator operator(String token) {
        if (token == null) {
            return null;
        }
        for (Operator operator : Operator.values()) {
            if (operator.name().equalsIgnoreCase(token)) {
                return operator;
            }
        }
        return null;
    }
}
