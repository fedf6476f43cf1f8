package dev.pat.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Draws inputs from jqwik arbitraries for tests that run under @QuarkusTest. jqwik's @Property
 * methods run in jqwik's own engine, outside the Quarkus JUnit extension (no application, no
 * injection), so these tests are plain JUnit methods that draw a fixed number of samples from a
 * fixed seed inside a {@link JqwikSession} (which memoised generators need outside a property).
 * Edge cases (empty strings, bounds) are mixed in as in a property run; there is no shrinking,
 * so the violation reports carry the inputs verbatim.
 *
 * <p>{@code -Dpat.fuzz.seed=N} and {@code -Dpat.fuzz.samples=N} replay or widen a run.
 */
final class Samples {

    private static final int GEN_SIZE = 1000;

    private Samples() {
    }

    static long seed(long fallback) {
        String value = System.getProperty("pat.fuzz.seed");
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
    }

    static int count(int fallback) {
        String value = System.getProperty("pat.fuzz.samples");
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    static <T> List<T> draw(Arbitrary<T> arbitrary, int count, long seed) {
        List<T> values = new ArrayList<>(count);
        boolean ownSession = !JqwikSession.isActive();
        if (ownSession) {
            JqwikSession.start();
        }
        try {
            RandomGenerator<T> generator = arbitrary.generator(GEN_SIZE, true);
            Random random = new Random(seed);
            for (int i = 0; i < count; i++) {
                values.add(generator.next(random).value());
            }
        } finally {
            if (ownSession) {
                JqwikSession.finish();
            }
        }
        return values;
    }
}
