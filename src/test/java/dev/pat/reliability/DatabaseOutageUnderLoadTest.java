package dev.pat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.DatabaseControl;
import dev.pat.support.Fixtures;
import dev.pat.support.Owner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database stops for five seconds under the load of 16 clients that keep reading a token for
 * the whole test: every answer is a 200 or a 503 (never a 500), and the log tells the outage in a
 * few lines (it went away, possibly a summary, it is back), not one line per refused request.
 */
@QuarkusTest
class DatabaseOutageUnderLoadTest {

    private static final int CLIENTS = 16;
    private static final Path LOG = Path.of("target/test-service.log.json");
    /** One WARN when it goes, at most a summary or two while it stays away, one INFO when it is back. */
    private static final int MOST_OUTAGE_LINES = 5;

    @Inject
    Fixtures fixtures;

    @TestHTTPResource("/v3/personal-access-tokens/")
    URI tokens;

    private boolean stopped;

    @AfterEach
    void restartDatabaseIfStillDown() {
        if (stopped) {
            DatabaseControl.start();
        }
    }

    @Test
    void underLoadAnOutageIsOnly503sAndAFewLogLines() throws Exception {
        Owner admin = fixtures.administrator();
        UUID token = fixtures.token(admin.accountId(), admin.userId(), "under load", null, null, false, "personalAccessToken:read");
        HttpRequest read = HttpRequest.newBuilder(tokens.resolve(token.toString()))
                .header("Authorization", "Bearer " + admin.jwt())
                .timeout(Duration.ofSeconds(30))
                .build();
        long logStart = Files.exists(LOG) ? Files.size(LOG) : 0;

        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong lastOk = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> loops = new java.util.ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                loops.add(clients.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> answer = http.send(read, HttpResponse.BodyHandlers.ofString());
                            statuses.computeIfAbsent(answer.statusCode(), ignored -> new LongAdder()).increment();
                            if (answer.statusCode() == 200) {
                                lastOk.set(System.nanoTime());
                            } else if (answer.statusCode() != 503) {
                                failures.add(answer.statusCode() + " " + answer.body());
                            }
                        } catch (IOException e) {
                            failures.add("no answer: " + e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(statuses, 200) >= 100);

            DatabaseControl.stop();
            stopped = true;
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(statuses, 503) >= 50);
            Thread.sleep(5_000);
            DatabaseControl.start();
            stopped = false;

            long okBeforeRecovery = count(statuses, 200);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(statuses, 200) >= okBeforeRecovery + 200);
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            clients.shutdownNow();
        }

        assertTrue(failures.isEmpty(), () -> failures.size() + " answers neither 200 nor 503, first: " + failures.peek()
                + "; statuses " + statuses);
        List<String> outageLines = newLogLines(logStart).stream()
                .filter(line -> line.contains("\"loggerName\":\"dev.pat.platform.database.DatabaseOutages\"")).toList();
        assertTrue(outageLines.size() >= 2 && outageLines.size() <= MOST_OUTAGE_LINES,
                () -> outageLines.size() + " log lines about the outage (statuses " + statuses + "):\n" + String.join("\n", outageLines));
        assertTrue(outageLines.get(0).contains("\"level\":\"WARN\"") && outageLines.get(0).contains("Database unavailable"),
                outageLines.get(0));
        assertTrue(outageLines.stream().anyMatch(line -> line.contains("\"level\":\"INFO\"") && line.contains("Database back")),
                () -> "no line says the database is back:\n" + String.join("\n", outageLines));
        assertEquals(0, count(statuses, 500));
    }

    private static long count(Map<Integer, LongAdder> statuses, int status) {
        LongAdder adder = statuses.get(status);
        return adder == null ? 0 : adder.sum();
    }

    private static List<String> newLogLines(long from) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
            file.seek(from);
            byte[] rest = new byte[(int) (file.length() - from)];
            file.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8).lines().toList();
        }
    }
}
