package dev.pat.listing;

import dev.pat.listing.ListQuery.Operator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a list endpoint lets callers sort, filter and search on: API field names mapped to HQL
 * paths and value types, the sortable ones, the default order, and the fields the free-text
 * {@code query} searches. Anything not named here is refused. Each capability defines its lists'
 * specs in one place, read by its repositories, its resources and the OpenAPI document.
 */
public record ListSpec(Map<String, Field> fields, Set<String> sortable, String defaultSort, List<String> searched) {

    /** A field's type, and the operators it takes in brackets (a field without one means eq, except a time). */
    public enum Type {
        TEXT(Operator.EQ, Operator.NE, Operator.SW, Operator.EW, Operator.CN, Operator.NC, Operator.IN, Operator.NIN),
        TIME(Operator.EQ, Operator.NE, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE),
        BOOLEAN,
        ID,
        NUMBER(Operator.EQ, Operator.NE, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE, Operator.IN, Operator.NIN),
        TAGS(Operator.EQ, Operator.NE, Operator.IN, Operator.NIN);

        private final Set<Operator> operators;

        Type(Operator... operators) {
            this.operators = operators.length == 0 ? Set.of()
                    : Collections.unmodifiableSet(EnumSet.of(operators[0], operators));
        }

        public Set<Operator> operators() {
            return operators;
        }
    }

    /**
     * @param path   the HQL path, on the listed entity, or on {@code within}'s alias {@code m}; null for a
     *               {@linkplain Builder#flag flag}
     * @param within for a field of a related collection: the entity and the correlation of its alias
     *               {@code m} with the listed entity's {@code p} ("UserMetadata m where m.user = p"); a row
     *               matches when one of its related rows does. Null for the entity's own fields.
     */
    public record Field(String path, Type type, String within) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Names fields by type; a field's HQL path is its name unless given apart. */
    public static final class Builder {

        private final Map<String, Field> fields = new LinkedHashMap<>();
        private final Set<String> sortable = new LinkedHashSet<>();
        private final List<String> searched = new ArrayList<>();
        private String defaultSort = "createdAt";

        private Builder() {
        }

        public Builder text(String... names) {
            return add(Type.TEXT, names);
        }

        public Builder times(String... names) {
            return add(Type.TIME, names);
        }

        public Builder numbers(String... names) {
            return add(Type.NUMBER, names);
        }

        public Builder bool(String name) {
            return add(Type.BOOLEAN, name);
        }

        /** A string array column: a row matches when its array holds the value (or any of the values). */
        public Builder tags(String name) {
            return add(Type.TAGS, name);
        }

        /**
         * A boolean parameter with no column of its own ({@code compliant}): parsed and typed as any
         * filter, left out of the generic condition, and turned into one by the list's owner (its
         * field's path is null).
         */
        public Builder flag(String name) {
            return field(name, Type.BOOLEAN, null);
        }

        /** An id of a related row, under the path that reaches it ({@code user.id}). */
        public Builder id(String name, String path) {
            return field(name, Type.ID, path);
        }

        /** A field whose HQL path differs from its name. */
        public Builder field(String name, Type type, String path) {
            fields.put(name, new Field(path, type, null));
            return this;
        }

        /** A text field of a related collection (see {@link Field#within}). */
        public Builder textWithin(String name, String within, String path) {
            fields.put(name, new Field(path, Type.TEXT, within));
            return this;
        }

        public Builder sortable(String... names) {
            sortable.addAll(List.of(names));
            return this;
        }

        /** The order without a sort parameter: a field, {@code -} first for descending. */
        public Builder defaultSort(String sort) {
            defaultSort = sort;
            return this;
        }

        /** The fields the free-text query searches. */
        public Builder searched(String... names) {
            searched.addAll(List.of(names));
            return this;
        }

        public ListSpec build() {
            return new ListSpec(Collections.unmodifiableMap(new LinkedHashMap<>(fields)),
                    Collections.unmodifiableSet(new LinkedHashSet<>(sortable)), defaultSort, List.copyOf(searched));
        }

        private Builder add(Type type, String... names) {
            for (String name : names) {
                fields.put(name, new Field(name, type, null));
            }
            return this;
        }
    }
}
