package dev.pat.crud;

import dev.pat.platform.ServiceException;
import java.util.UUID;

/**
 * What a conditional change requires of the current version of the row it changes (If-Match, in
 * HTTP terms). Checked inside the transaction, against the row as it is locked for the change.
 */
@FunctionalInterface
public interface Precondition {

    Precondition NONE = (id, version) -> true;

    boolean holds(UUID id, long version);

    /** Refuses the change (412) when the row has moved on. */
    default void check(VersionedEntity row) {
        if (!holds(row.id, row.version)) {
            throw ServiceException.stale();
        }
    }
}
