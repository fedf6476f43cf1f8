package dev.pat.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.security.Scopes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a deployment replaces or extends the scope vocabulary; this service's own scopes stay in it. */
class ScopeVocabularyUnitTest {

    private static ScopeConfig config(List<String> list, String file, List<String> extra) {
        return new ScopeConfig() {
            @Override
            public Optional<List<String>> list() {
                return Optional.ofNullable(list);
            }

            @Override
            public Optional<String> file() {
                return Optional.ofNullable(file);
            }

            @Override
            public Optional<List<String>> extra() {
                return Optional.ofNullable(extra);
            }
        };
    }

    @Test
    void theDefaultIsTheSeedPlatformsListWithDescriptions() {
        ScopeVocabulary vocabulary = new ScopeVocabulary(config(null, null, null));
        assertEquals(35, vocabulary.size()); // the seed platform's 34 and personalAccessToken:rotate
        assertEquals("Read licenses", vocabulary.all().get("license:read"));
        assertTrue(vocabulary.contains("trialPolicy:write"));
        assertFalse(vocabulary.contains("license:delete"));
    }

    @Test
    void aListReplacesItAndExtraExtendsIt() {
        ScopeVocabulary vocabulary = new ScopeVocabulary(config(List.of("billing:read"), null, List.of("billing:write")));
        assertTrue(vocabulary.contains("billing:read"));
        assertTrue(vocabulary.contains("billing:write"));
        assertFalse(vocabulary.contains("license:read"));
        Scopes.ALL.forEach(own -> assertTrue(vocabulary.contains(own), own));
        assertEquals(2 + Scopes.ALL.size(), vocabulary.size());
    }

    @Test
    void aFileGivesScopesWithDescriptions() throws Exception {
        Path file = Files.createTempFile("scopes", ".txt");
        Files.writeString(file, "# comment\nbilling:read Read invoices and payments\n\nbilling:write\n");
        ScopeVocabulary vocabulary = new ScopeVocabulary(config(null, file.toString(), null));
        assertEquals("Read invoices and payments", vocabulary.all().get("billing:read"));
        assertEquals("", vocabulary.all().get("billing:write"));
    }

    @Test
    void aMalformedScopeStopsTheStart() {
        assertThrows(IllegalStateException.class, () -> new ScopeVocabulary(config(List.of("no scope here"), null, null)));
        assertThrows(IllegalStateException.class, () -> new ScopeVocabulary(config(null, null, List.of("read"))));
        assertThrows(IllegalStateException.class, () -> new ScopeVocabulary(config(null, "/no/such/file", null)));
    }
}
