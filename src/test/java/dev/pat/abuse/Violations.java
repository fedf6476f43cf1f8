package dev.pat.abuse;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every violated expectation of a sampled run instead of stopping at the first, so one
 * failure report shows all the distinct kinds of bad answers with the inputs that caused them.
 */
final class Violations {

    private static final int SHOWN = 30;

    private final String property;
    private final long seed;
    private final List<String> shown = new ArrayList<>();
    private int count;
    private int samples;

    Violations(String property, long seed) {
        this.property = property;
        this.seed = seed;
    }

    void sampled() {
        samples++;
    }

    void add(Object input, String problem) {
        count++;
        if (shown.size() < SHOWN) {
            shown.add("- " + problem + "\n    input: " + input);
        }
    }

    /** Records the problem when it is not null. */
    void addIf(Object input, String problemOrNull) {
        if (problemOrNull != null) {
            add(input, problemOrNull);
        }
    }

    void assertNone() {
        if (count > 0) {
            fail(property + ": " + count + " violation(s) over " + samples + " samples (seed " + seed
                    + ", replay with -Dpat.fuzz.seed=" + seed + "); the first " + shown.size() + ":\n"
                    + String.join("\n", shown));
        }
    }
}
