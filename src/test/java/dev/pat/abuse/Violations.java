package dev.pat.abuse;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every violated expectation of a run instead of stopping at the first. The report
 * groups them by kind (the text of a problem before its first colon) and shows a few inputs of
 * each kind, so one frequent kind cannot hide a rare one.
 */
final class Violations {

    private static final int EXAMPLES_PER_KIND = 4;

    private final String property;
    private final Long seed;
    private final Map<String, List<String>> examples = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int count;
    private int samples;

    /** For a sampled run: the seed goes into the report so the run can be replayed. */
    Violations(String property, long seed) {
        this.property = property;
        this.seed = seed;
    }

    /** For a run over a fixed list of cases. */
    Violations(String property) {
        this.property = property;
        this.seed = null;
    }

    void sampled() {
        samples++;
    }

    void add(Object input, String problem) {
        count++;
        int colon = problem.indexOf(':');
        String kind = colon < 0 ? problem : problem.substring(0, colon);
        counts.merge(kind, 1, Integer::sum);
        List<String> shown = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (shown.size() < EXAMPLES_PER_KIND) {
            shown.add("    - " + problem + "\n      input: " + input);
        }
    }

    /** Records the problem when it is not null. */
    void addIf(Object input, String problemOrNull) {
        if (problemOrNull != null) {
            add(input, problemOrNull);
        }
    }

    void assertNone() {
        if (count == 0) {
            return;
        }
        StringBuilder report = new StringBuilder(property).append(": ").append(count).append(" violation(s) over ")
                .append(samples).append(" cases");
        if (seed != null) {
            report.append(" (seed ").append(seed).append(", replay with -Dpat.fuzz.seed=").append(seed).append(')');
        }
        examples.forEach((kind, shown) -> {
            report.append("\n  ").append(counts.get(kind)).append(" x ").append(kind).append('\n');
            report.append(String.join("\n", shown));
        });
        fail(report.toString());
    }
}
