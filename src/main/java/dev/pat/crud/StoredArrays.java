package dev.pat.crud;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a stored text array holds, as the API shows it: in order, each value once, no NULL. The
 * service never writes a NULL element or a repeat, but a row written by hand or by an older
 * version may hold one, and reading it must not fail.
 */
public final class StoredArrays {

    private StoredArrays() {
    }

    public static List<String> values(String[] stored) {
        return stored == null ? List.of() : Arrays.stream(stored).filter(Objects::nonNull).distinct().toList();
    }
}
