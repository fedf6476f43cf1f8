package dev.pat.crud;

import dev.pat.platform.FieldError;
import java.util.List;

/**
 * A partial change of a writable body, laid over the current values (JSON Merge Patch, in HTTP
 * terms). The service reads the current values from the row, applies the patch and checks the
 * result with the same rules as a create.
 */
@FunctionalInterface
public interface Patch<T> {

    /**
     * The current values with the change laid over them. A field whose new value cannot be read is
     * reported in {@code errors} and keeps its current value, so that every problem of the request
     * is answered at once.
     */
    T applyTo(T current, List<FieldError> errors);
}
