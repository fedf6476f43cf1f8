package dev.pat.platform;

import java.util.Optional;
import java.util.UUID;

/** Ids arrive as strings; one that is not a canonical UUID can name nothing. */
public final class Ids {

    private Ids() {
    }

    public static Optional<UUID> parse(String value) {
        if (value == null || value.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A new id: time-ordered (UUID version 7) so that inserts stay near the end of the index. */
    public static UUID next() {
        long millis = System.currentTimeMillis();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
