import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of bench/failover-drill.sh, a single-file source program
 * ({@code java bench/tools/FailoverLoad.java ...}): the JDK that runs the service is all it needs.
 *
 * <pre>
 * java FailoverLoad.java BASE_A BASE_B USERS_FILE RATE STOP_FILE LOG_FILE TIMEOUT_SECONDS
 *     RATE operations a second, started on schedule whatever the earlier ones are doing (an open
 *     load: a request that hangs does not hold the next ones back), until STOP_FILE exists, then
 *     waits for those in flight. Each operation goes to the other instance than the one before:
 *     a create (as the next user of USERS_FILE, "&lt;user id&gt; &lt;JWT&gt;" per line, in turn), a
 *     revocation of a live token by its owner, or a use of a live token's secret (GET .../self with
 *     the secret as bearer). Every request is one line of LOG_FILE, tab-separated:
 *     start_ms end_ms user instance(A|B) kind(create|revoke|use) status token_id name note
 *     status is the HTTP status, 000 for no answer within TIMEOUT_SECONDS, 001 for a connection
 *     error; note is "revoke-in-doubt" for a use of a token whose revocation was sent and not
 *     acknowledged (a 401 is then a right answer), else "-".
 * </pre>
 *
 * Only a 201 (create) or a 200 (revoke) is an acknowledged write; the drill then checks each one on
 * the promoted server. A revocation that was not acknowledged is sent again later (it is
 * idempotent); a create that was not acknowledged is left "in doubt", its name unique so that the
 * drill can say whether it was written anyway.
 */
public class FailoverLoad {

    static final String API = "/v3/personal-access-tokens";
    /** Live tokens a user keeps at most (the service allows 100 active); beyond, its turn revokes. */
    static final int MAX_LIVE_PER_USER = 40;

    record User(int index, String id, String jwt) {
    }

    static final class Token {
        final User owner;
        final String id;
        final String secret;
        boolean revokeSent;
        /** A use or a revocation of it is in flight: no other operation picks it meanwhile. */
        boolean busy;

        Token(User owner, String id, String secret) {
            this.owner = owner;
            this.id = id;
            this.secret = secret;
        }
    }

    private final String[] bases;
    private final List<User> users;
    private final Path stop;
    private final Duration timeout;
    private final BufferedWriter log;
    private final HttpClient http;
    /** Live tokens (created and acknowledged, not acknowledged revoked); guarded by itself. */
    private final List<Token> live = new ArrayList<>();
    private final int[] liveCount;
    private final SplittableRandom random = new SplittableRandom();
    private long operations;
    private final AtomicLong names = new AtomicLong();

    FailoverLoad(String baseA, String baseB, List<User> users, Path stop, Path logFile, int timeoutSeconds) throws IOException {
        this.bases = new String[] {baseA, baseB};
        this.users = users;
        this.liveCount = new int[users.size()];
        this.stop = stop;
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: FailoverLoad BASE_A BASE_B USERS_FILE RATE STOP_FILE LOG_FILE TIMEOUT_SECONDS");
            System.exit(2);
        }
        List<User> users = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                users.add(new User(users.size(), parts[0], parts[1]));
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no users in " + args[2]);
        }
        FailoverLoad load = new FailoverLoad(args[0], args[1], users, Path.of(args[4]), Path.of(args[5]), Integer.parseInt(args[6]));
        load.run(Integer.parseInt(args[3]));
    }

    private void run(int rate) throws IOException, InterruptedException {
        long period = 1_000_000_000L / rate;
        long next = System.nanoTime();
        try (ExecutorService operations = Executors.newVirtualThreadPerTaskExecutor()) {
            while (!Files.exists(stop)) {
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Runnable operation = nextOperation();
                operations.submit(operation);
            }
        } // waits for the operations in flight
        log.close();
    }

    /** Draws the next operation; its token (for a use or a revocation) is chosen now, under the lock. */
    private Runnable nextOperation() {
        synchronized (live) {
            int instance = (int) (operations++ % 2);
            User user = users.get((int) (operations % users.size()));
            int draw = random.nextInt(100);
            List<Token> free = live.stream().filter(token -> !token.busy).toList();
            if (free.isEmpty() || draw < 40 && liveCount[user.index()] < MAX_LIVE_PER_USER) {
                liveCount[user.index()]++; // reserved: given back unless the create is acknowledged
                return () -> create(instance, user);
            }
            Token token = free.get(random.nextInt(free.size()));
            token.busy = true;
            if (draw < 70) {
                boolean inDoubt = token.revokeSent;
                return () -> use(instance, token, inDoubt);
            }
            return () -> revoke(instance, token);
        }
    }

    private void create(int instance, User user) {
        String name = "failover u" + user.index() + " n" + names.incrementAndGet();
        Answer answer = send(instance, "POST", API, user.jwt(), "{\"name\":\"" + name + "\",\"scopes\":[\"personalAccessToken:read\"]}");
        String id = "-";
        synchronized (live) {
            if (answer.status == 201) {
                id = member(answer.body, "id");
                live.add(new Token(user, id, member(answer.body, "token")));
            } else {
                liveCount[user.index()]--;
            }
        }
        record(answer, user.index(), instance, "create", id, name, "-");
    }

    private void use(int instance, Token token, boolean inDoubt) {
        Answer answer = send(instance, "GET", API + "/self", token.secret, null);
        synchronized (live) {
            token.busy = false;
        }
        record(answer, token.owner.index(), instance, "use", token.id, "-", inDoubt ? "revoke-in-doubt" : "-");
    }

    private void revoke(int instance, Token token) {
        Answer answer = send(instance, "PATCH", API + "/" + token.id, token.owner.jwt(), "{\"revoked\":true}");
        synchronized (live) {
            token.busy = false;
            if (answer.status == 200) {
                live.remove(token);
                liveCount[token.owner.index()]--;
            } else {
                token.revokeSent = true;
            }
        }
        record(answer, token.owner.index(), instance, "revoke", token.id, "-", "-");
    }

    record Answer(long start, long end, int status, String body) {
    }

    private Answer send(int instance, String method, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bases[instance] + path)).timeout(timeout)
                .header("Authorization", "Bearer " + bearer);
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.currentTimeMillis();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(start, System.currentTimeMillis(), response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return new Answer(start, System.currentTimeMillis(), 0, "");
        } catch (IOException e) {
            return new Answer(start, System.currentTimeMillis(), 1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(start, System.currentTimeMillis(), 1, "");
        }
    }

    private void record(Answer answer, int user, int instance, String kind, String id, String name, String note) {
        String line = answer.start + "\t" + answer.end + "\t" + user + "\t" + (instance == 0 ? "A" : "B") + "\t" + kind + "\t"
                + String.format("%03d", answer.status) + "\t" + id + "\t" + name + "\t" + note + "\n";
        synchronized (log) {
            try {
                log.write(line);
                log.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A top-level string member of a JSON object (the create's answer: "id", "token"); "-" when absent. */
    static String member(String json, String name) {
        int depth = 0;
        boolean key = true;
        String lastKey = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '{', '[' -> {
                    depth++;
                    key = true;
                }
                case '}', ']' -> depth--;
                case ',' -> key = true;
                case ':' -> key = false;
                case '"' -> {
                    StringBuilder text = new StringBuilder();
                    for (i++; json.charAt(i) != '"'; i++) {
                        if (json.charAt(i) == '\\') {
                            i++;
                        }
                        text.append(json.charAt(i));
                    }
                    if (depth == 1 && key) {
                        lastKey = text.toString();
                    } else if (depth == 1 && name.equals(lastKey)) {
                        return text.toString();
                    }
                }
                default -> {
                    // numbers, literals, white space
                }
            }
        }
        return "-";
    }
}
