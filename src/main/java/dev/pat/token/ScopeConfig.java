package dev.pat.token;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * The scope vocabulary ({@code pat.scopes.*}): by default the seed platform's list and this
 * service's own; see {@link ScopeVocabulary}.
 */
@ConfigMapping(prefix = "pat.scopes")
public interface ScopeConfig {

    /** Replaces the default vocabulary: a comma-separated list of scopes. */
    Optional<List<String>> list();

    /** Replaces the default vocabulary: a file with one scope and its description a line. */
    Optional<String> file();

    /** Added to the vocabulary, whichever it is. */
    Optional<List<String>> extra();
}
