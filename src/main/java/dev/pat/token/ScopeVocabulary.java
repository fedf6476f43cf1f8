package dev.pat.token;

import dev.pat.security.Scopes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The scopes a personal access token may carry: the platform's vocabulary, not only this service's.
 * By default the seed platform's published list plus this service's own scopes; a deployment
 * replaces it ({@code PAT_SCOPES_LIST}, or {@code PAT_SCOPES_FILE} with one scope and its description
 * a line) or extends it ({@code PAT_SCOPES_EXTRA}). This service's own scopes are always in it, since
 * its own operations need them. Scopes other services enforce are carried and reported, never
 * interpreted here. A malformed entry stops the start.
 */
@Singleton
public class ScopeVocabulary {

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[.:_-][A-Za-z0-9]+)*:[A-Za-z]+");
    private static final String DEFAULT = "scopes/default-vocabulary.txt";

    private final Map<String, String> descriptions;

    @Inject
    public ScopeVocabulary(ScopeConfig config) {
        Map<String, String> vocabulary = new LinkedHashMap<>();
        if (config.list().isPresent()) {
            config.list().get().forEach(scope -> add(vocabulary, scope, ""));
        } else if (config.file().isPresent()) {
            Path file = Path.of(config.file().get());
            try {
                parse(vocabulary, Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException e) {
                throw new IllegalStateException("PAT_SCOPES_FILE cannot be read: " + file, e);
            }
        } else {
            parse(vocabulary, defaultLines(), DEFAULT);
        }
        config.extra().ifPresent(extra -> extra.forEach(scope -> add(vocabulary, scope, "")));
        Scopes.ALL.forEach(scope -> vocabulary.putIfAbsent(scope, ""));
        this.descriptions = Collections.unmodifiableMap(vocabulary);
    }

    public boolean contains(String scope) {
        return scope != null && descriptions.containsKey(scope);
    }

    /** Every scope with its description (empty when none was given), in the configured order. */
    public Map<String, String> all() {
        return descriptions;
    }

    public int size() {
        return descriptions.size();
    }

    private static void parse(Map<String, String> vocabulary, List<String> lines, String source) {
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            String scope = space < 0 ? trimmed : trimmed.substring(0, space);
            if (!SCOPE.matcher(scope).matches()) {
                throw new IllegalStateException("Not a scope in " + source + ": " + scope);
            }
            vocabulary.put(scope, space < 0 ? "" : trimmed.substring(space + 1).strip());
        }
    }

    private static void add(Map<String, String> vocabulary, String scope, String description) {
        String trimmed = scope.strip();
        if (!SCOPE.matcher(trimmed).matches()) {
            throw new IllegalStateException("Not a scope in the PAT_SCOPES_* settings: " + trimmed);
        }
        vocabulary.putIfAbsent(trimmed, description);
    }

    private static List<String> defaultLines() {
        try (InputStream in = ScopeVocabulary.class.getClassLoader().getResourceAsStream(DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + DEFAULT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
