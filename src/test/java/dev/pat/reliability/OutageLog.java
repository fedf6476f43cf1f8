package dev.pat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the service's JSON log says about a database outage, judged the way an operator reads it:
 * no ERROR at all, and a few WARN lines that tell the story (the outage, the lost listener, the
 * pending migration), however many requests, probes and retries the outage saw.
 */
final class OutageLog {

    /** The outage, the listener that lost its connection, the migration that waits: once each. */
    static final int MOST_WARNINGS = 3;
    private static final Set<String> STORYTELLERS = Set.of(
            "dev.pat.platform.database.DatabaseOutages",
            "dev.pat.platform.database.SchemaMigration",
            "dev.pat.credential.cache.SecretCache");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutageLog() {
    }

    /** The JSON lines of the text, each parsed. */
    static List<JsonNode> parse(String text) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.lines().filter(line -> line.startsWith("{")).toList()) {
            try {
                lines.add(JSON.readTree(line));
            } catch (java.io.IOException e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
        }
        return lines;
    }

    static void assertAFewLinesAndNoError(List<JsonNode> lines) {
        List<JsonNode> errors = at(lines, Set.of("ERROR", "FATAL"));
        assertEquals(List.of(), describe(errors), "no ERROR line during a database outage");
        List<JsonNode> warnings = at(lines, Set.of("WARN"));
        assertTrue(warnings.size() <= MOST_WARNINGS, () -> warnings.size() + " WARN lines:\n" + String.join("\n", describe(warnings)));
        assertTrue(warnings.stream().allMatch(line -> STORYTELLERS.contains(line.path("loggerName").asText())),
                () -> "WARN lines from elsewhere:\n" + String.join("\n", describe(warnings)));
        // The probes answer DOWN with the reason; each probe is not one more line in the log.
        List<JsonNode> probes = lines.stream().filter(line -> line.path("loggerName").asText().startsWith("io.smallrye.health")).toList();
        assertEquals(List.of(), describe(probes), "health probe lines");
    }

    /**
     * Returns once every Vert.x timer armed so far with a delay of at most {@code delay} has fired:
     * a task scheduled now with a longer delay on each event loop runs after them, since an event
     * loop runs its scheduled tasks in the order of their deadlines. No guess at how long is enough.
     */
    static void awaitTimersArmedSoFar(Vertx vertx, Duration delay) throws Exception {
        List<io.netty.util.concurrent.Future<?>> marks = new ArrayList<>();
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            marks.add(loop.schedule(() -> { }, delay.toMillis() + 1, TimeUnit.MILLISECONDS));
        }
        for (io.netty.util.concurrent.Future<?> mark : marks) {
            mark.get(delay.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        }
    }

    private static List<JsonNode> at(List<JsonNode> lines, Set<String> levels) {
        return lines.stream().filter(line -> levels.contains(line.path("level").asText())).toList();
    }

    private static List<String> describe(List<JsonNode> lines) {
        return lines.stream().map(line -> line.path("level").asText() + " " + line.path("loggerName").asText() + ": "
                + line.path("message").asText() + (line.has("exception") ? " " + line.path("exception").path("exceptionType").asText()
                        + ": " + line.path("exception").path("message").asText() : ""))
                .collect(Collectors.toList());
    }
}
