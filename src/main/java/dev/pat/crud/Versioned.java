package dev.pat.crud;

import java.util.UUID;

/** A body as the API shows it, with the id and version of the row it shows (what an ETag is made of). */
public record Versioned<T>(T body, UUID id, long version) {

    public static <T> Versioned<T> of(T body, VersionedEntity row) {
        return new Versioned<>(body, row.id, row.version);
    }
}
