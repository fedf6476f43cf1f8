package dev.pat.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.crud.Precondition;
import dev.pat.directory.model.Reseller;
import dev.pat.platform.ServiceException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ETags from id and version, and If-Match as RFC 9110 reads it. */
class ETagsUnitTest {

    private static final UUID ID = UUID.fromString("0d3f6a52-6b4e-4c1f-9a55-7c1a2d9e0001");

    @Test
    void aTagIsStrongAndNamesIdAndVersion() {
        assertEquals("\"0d3f6a52-6b4e-4c1f-9a55-7c1a2d9e0001-3\"", ETags.of(ID, 3));
    }

    @Test
    void noHeaderOrAStarLetsAnyVersionThrough() {
        assertSame(Precondition.NONE, ETags.ifMatch(null));
        assertSame(Precondition.NONE, ETags.ifMatch(" "));
        assertSame(Precondition.NONE, ETags.ifMatch("*"));
    }

    @Test
    void oneOfTheListedTagsMustBeTheCurrentOne() {
        Precondition precondition = ETags.ifMatch("\"other\", " + ETags.of(ID, 3));
        assertTrue(precondition.holds(ID, 3));
        assertFalse(precondition.holds(ID, 4));
        assertFalse(precondition.holds(UUID.randomUUID(), 3));
        assertTrue(ETags.ifMatch("W/" + ETags.of(ID, 3)).holds(ID, 3), "a weak tag compares by its opaque part");
        assertFalse(ETags.ifMatch(ETags.of(ID, 3).replace("\"", "")).holds(ID, 3), "a tag is quoted");
    }

    @Test
    void aStaleTagRefusesTheChangeWith412() {
        Reseller row = new Reseller();
        row.id = ID;
        row.version = 4;
        ServiceException stale = assertThrows(ServiceException.class, () -> ETags.ifMatch(ETags.of(ID, 3)).check(row));
        assertEquals(ServiceException.Kind.STALE, stale.kind());
    }
}
