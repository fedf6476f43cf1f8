package dev.pat.query;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a list endpoint lets callers sort, filter and search on: API field names mapped to HQL
 * paths and value types, the sortable ones, the default order, and the fields the free-text
 * {@code query} searches. Anything not named here is refused.
 */
public record ListSpec(Map<String, Field> fields, Set<String> sortable, String defaultSort, List<String> searched) {

    public enum Type { TEXT, TIME, BOOLEAN, ID, NUMBER, TAGS }

    /**
     * @param path   the HQL path, on the listed entity, or on {@code within}'s alias {@code m}
     * @param within for a field of a related collection: the entity and the correlation of its alias
     *               {@code m} with the listed entity's {@code p} ("UserMetadata m where m.user = p"); a row
     *               matches when one of its related rows does. Null for the entity's own fields.
     */
    public record Field(String path, Type type, String within) {
    }

    public ListSpec(Map<String, Field> fields, Set<String> sortable, String defaultSort) {
        this(fields, sortable, defaultSort, List.of());
    }

    public static Field text(String path) {
        return new Field(path, Type.TEXT, null);
    }

    public static Field time(String path) {
        return new Field(path, Type.TIME, null);
    }

    public static Field bool(String path) {
        return new Field(path, Type.BOOLEAN, null);
    }

    public static Field id(String path) {
        return new Field(path, Type.ID, null);
    }

    public static Field number(String path) {
        return new Field(path, Type.NUMBER, null);
    }

    /** A string array column: a row matches when its array holds the value (or any of the values). */
    public static Field tags(String path) {
        return new Field(path, Type.TAGS, null);
    }

    /** A text field of a related collection (see {@link Field#within}). */
    public static Field textWithin(String within, String path) {
        return new Field(path, Type.TEXT, within);
    }
}
