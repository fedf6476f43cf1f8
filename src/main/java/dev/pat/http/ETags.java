package dev.pat.http;

import dev.pat.crud.Precondition;
import dev.pat.crud.Versioned;
import java.util.UUID;

/**
 * Entity tags and If-Match (RFC 9110). A tag is strong and made of the row's id and version, so
 * it changes with every write through the API. An absent If-Match, or {@code *}, lets any version
 * through; otherwise one of the listed tags (weak ones compared by their opaque part) must be the
 * current one.
 */
public final class ETags {

    private ETags() {
    }

    public static String of(UUID id, long version) {
        return "\"" + id + "-" + version + "\"";
    }

    public static String of(Versioned<?> versioned) {
        return of(versioned.id(), versioned.version());
    }

    /** The precondition an If-Match header sets. */
    public static Precondition ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return Precondition.NONE;
        }
        return (id, version) -> matches(header, of(id, version));
    }

    static boolean matches(String header, String current) {
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
