package dev.pat.query;

import java.util.Map;
import java.util.Set;

/**
 * What a list endpoint lets callers sort and filter on: API field names mapped to HQL paths and
 * value types, the sortable ones, and the default order. Anything not named here is refused.
 */
public record ListSpec(Map<String, Field> fields, Set<String> sortable, String defaultSort) {

    public enum Type { TEXT, TIME, BOOLEAN, ID }

    public record Field(String path, Type type) {
    }

    public static Field text(String path) {
        return new Field(path, Type.TEXT);
    }

    public static Field time(String path) {
        return new Field(path, Type.TIME);
    }

    public static Field bool(String path) {
        return new Field(path, Type.BOOLEAN);
    }

    public static Field id(String path) {
        return new Field(path, Type.ID);
    }
}
