package dev.pat.listing;

import dev.pat.listing.ListQuery.Operator;
import dev.pat.platform.ApiTime;
import dev.pat.platform.FieldError;
import dev.pat.platform.Ids;
import dev.pat.platform.ServiceException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the query string of a list in the seed API's style into a typed {@link ListQuery}:
 * {@code page} (from 1), {@code limit} (1..100), {@code sort} ({@code -} for descending), the
 * free-text {@code query}, and operator filters such as {@code name[cn]=x},
 * {@code createdAt[gte]=2024-01-01T00:00:00Z}, {@code role[in]=user,admin} or {@code revoked=true}.
 * An array parameter as HTTP libraries send it ({@code role[in][]=user&role[in][]=admin}) means the
 * same as the comma-separated list. Every problem is reported at once, as a 400 naming the parameter.
 */
public final class ListParameters {

    private static final Pattern FILTER = Pattern.compile("([A-Za-z]+(?:\\.[A-Za-z]+)?)(?:\\[([a-z]+)])?");
    private static final int MAX_FILTER_VALUE = 200;
    private static final int MAX_LIST_VALUES = 100;
    private static final String ARRAY_SUFFIX = "[]";
    /** The seed platform's filters on licensing data, which this service does not hold. */
    private static final Pattern LICENSING = Pattern.compile("(userType|productId|licenseId|licenseTemplateId|activation)([.\\[].*)?");
    private static final Map<String, String> ALIASES = Map.of("tag", "tags");

    private ListParameters() {
    }

    public static ListQuery parse(Map<String, List<String>> parameters, ListSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        int page = 1;
        int limit = ListQuery.DEFAULT_LIMIT;
        String sort = spec.defaultSort();
        ListQuery.Search search = null;
        List<ListQuery.Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : grouped(parameters, errors).entrySet()) {
            String name = parameter.getKey();
            List<String> values = parameter.getValue();
            switch (name) {
                case "page" -> page = integer(name, values.get(0), 1, Integer.MAX_VALUE / ListQuery.MAX_LIMIT, errors, page);
                case "limit" -> limit = integer(name, values.get(0), 1, ListQuery.MAX_LIMIT, errors, limit);
                case "sort" -> sort = values.get(0);
                case "query" -> search = search(values.get(0), spec, errors);
                default -> filter(name, values, spec, errors, filters);
            }
        }
        boolean descending = sort.startsWith("-");
        String sortName = descending ? sort.substring(1) : sort;
        ListSpec.Field sortField = spec.sortable().contains(sortName) ? spec.fields().get(sortName) : null;
        if (sortField == null) {
            errors.add(new FieldError("sort", "must be one of " + String.join(", ", spec.sortable()) + ", optionally prefixed by -"));
        }
        if (errors.isEmpty() && (long) (page - 1) * limit >= ListQuery.MAX_OFFSET) {
            errors.add(new FieldError("page", "must start within the first " + ListQuery.MAX_OFFSET + " items; narrow the list with"
                    + " filters (createdAt[lt]=..., a name filter, ...) to reach further"));
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors);
        }
        return new ListQuery(page, limit, sortField, descending, filters, search);
    }

    /**
     * The parameters by name, an array parameter's {@code []} removed and its values collected; only
     * an array parameter may repeat.
     */
    private static Map<String, List<String>> grouped(Map<String, List<String>> parameters, List<FieldError> errors) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            boolean array = name.endsWith(ARRAY_SUFFIX);
            String key = array ? name.substring(0, name.length() - ARRAY_SUFFIX.length()) : name;
            if (!array && parameter.getValue().size() != 1) {
                errors.add(new FieldError(name, "must be given once"));
                continue;
            }
            List<String> values = grouped.computeIfAbsent(key, ignored -> new ArrayList<>());
            if (!values.isEmpty() && !array) {
                errors.add(new FieldError(name, "must be given once"));
                continue;
            }
            values.addAll(parameter.getValue());
        }
        return grouped;
    }

    private static ListQuery.Search search(String term, ListSpec spec, List<FieldError> errors) {
        if (spec.searched().isEmpty()) {
            errors.add(new FieldError("query", "is not a known parameter"));
        } else if (term.length() > MAX_FILTER_VALUE || term.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("query", "must be at most " + MAX_FILTER_VALUE + " characters, without control characters"));
        } else if (!term.isBlank()) {
            return new ListQuery.Search(term.strip(), spec.searched());
        }
        return null;
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

    private static void filter(String name, List<String> values, ListSpec spec, List<FieldError> errors,
            List<ListQuery.Filter> filters) {
        Matcher matcher = FILTER.matcher(name);
        String fieldName = matcher.matches() ? ALIASES.getOrDefault(matcher.group(1), matcher.group(1)) : null;
        ListSpec.Field field = fieldName == null ? null : spec.fields().get(fieldName);
        if (field == null) {
            errors.add(new FieldError(name, LICENSING.matcher(name).matches()
                    ? "is not supported by this service: it holds users, organizations and resellers, no licensing data"
                    : "is not a known parameter"));
            return;
        }
        String token = matcher.group(2);
        Operator operator = token == null ? (field.type() == ListSpec.Type.TIME ? null : Operator.EQ) : operator(token);
        boolean withOperator = token != null;
        Set<Operator> allowed = field.type().operators();
        if (withOperator && (operator == null || !allowed.contains(operator)) || !withOperator && operator == null) {
            errors.add(new FieldError(name, allowed.isEmpty() ? "takes no operator"
                    : "takes the operators " + String.join(", ", allowed.stream().map(o -> o.name().toLowerCase(Locale.ROOT)).toList())));
            return;
        }
        boolean list = operator == Operator.IN || operator == Operator.NIN;
        if (values.size() != 1 && !list) {
            errors.add(new FieldError(name, "must be given once"));
            return;
        }
        List<String> items = new ArrayList<>();
        for (String value : values) {
            if (value.length() > MAX_FILTER_VALUE || value.chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError(name, "must be at most " + MAX_FILTER_VALUE + " characters, without control characters"));
                return;
            }
            if (list) {
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.strip());
                    }
                }
            } else {
                items.add(value);
            }
        }
        if (list && (items.isEmpty() || items.size() > MAX_LIST_VALUES)) {
            errors.add(new FieldError(name, "takes 1 to " + MAX_LIST_VALUES + " comma-separated values"));
            return;
        }
        List<Object> typed = new ArrayList<>();
        for (String item : items) {
            Object value = typed(field.type(), item);
            if (value == null) {
                errors.add(new FieldError(name, expected(field.type())));
                return;
            }
            typed.add(value);
        }
        filters.add(new ListQuery.Filter(name, field, operator, list ? List.copyOf(typed) : typed.get(0)));
    }

    /** The value in the field's type, or null when it is not one. */
    private static Object typed(ListSpec.Type type, String value) {
        return switch (type) {
            case TEXT, TAGS -> value;
            case BOOLEAN -> value.equals("true") ? Boolean.TRUE : value.equals("false") ? Boolean.FALSE : null;
            case ID -> Ids.parse(value).orElse(null);
            case NUMBER -> {
                try {
                    yield Long.parseLong(value);
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            case TIME -> {
                try {
                    Instant instant = Instant.parse(value);
                    yield instant.isBefore(ApiTime.EARLIEST) || instant.isAfter(ApiTime.LATEST) ? null : instant;
                } catch (DateTimeParseException e) {
                    yield null;
                }
            }
        };
    }

    private static String expected(ListSpec.Type type) {
        return switch (type) {
            case TEXT, TAGS -> "must be text";
            case BOOLEAN -> "must be true or false";
            case ID -> "must be a UUID";
            case NUMBER -> "must be a whole number";
            case TIME -> "must be an ISO-8601 UTC timestamp such as 2019-08-24T14:15:22Z, between years 1 and 9999";
        };
    }

    /** The operator in brackets, or null when it is not one. */
    private static Operator operator(String token) {
        for (Operator operator : Operator.values()) {
            if (operator.name().equalsIgnoreCase(token)) {
                return operator;
            }
        }
        return null;
    }
}
