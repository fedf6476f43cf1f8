package dev.pat.service;

import java.util.UUID;

/** A response body with the entity tag of the version it shows. */
public record Versioned<T>(T body, String etag) {

    /** A strong validator from the row's id and optimistic-lock version. */
    public static <T> Versioned<T> of(T body, UUID id, long version) {
        return new Versioned<>(body, etag(id, version));
    }

    public static String etag(UUID id, long version) {
        return "\"" + id + "-" + version + "\"";
    }
}
