import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load and the checks of bench/soak.sh, run as a single-file source program
 * ({@code java SoakDriver.java ...}) like BenchTool: the JDK that runs the service is all it needs.
 *
 * <pre>
 * java SoakDriver.java load BASE_URL USERS_FILE SECONDS WORKERS STATE_FILE
 *     WORKERS threads, each acting as one user of USERS_FILE ("&lt;user id&gt; &lt;JWT&gt;" per line, worker i
 *     is user i mod lines) on the tokens it created itself, for SECONDS: a random mix of create, read
 *     (GET by id with the JWT), use (the secret on /self; one in four probes a secret that must be
 *     refused), rotate and revoke. Only 2xx answers count as acknowledged; everything acknowledged,
 *     every failed write and every answer's status go to STATE_FILE.
 * java SoakDriver.java verify BASE_URL USERS_FILE STATE_FILE ROWS_FILE RSS_FILE WARMUP_SECONDS OUTAGE_FILE
 *     Checks every acknowledged operation against the service (after waiting for readiness) and
 *     ROWS_FILE (the soak account's token rows, "id TAB name TAB revoked(t|f)"), reads the RSS samples
 *     ("seconds rss_kb" per line) and the outage times ("stop_ms start_ms"), prints the summary and
 *     exits 1 when a check fails.
 * </pre>
 *
 * Each token is only ever touched by the worker that created it, one request at a time, so the
 * driver always knows what a token's state must be after an acknowledged operation. A write that
 * failed (503, 500, a network error) leaves the token "in doubt" for that aspect: a later
 * acknowledged rotation or revocation resolves it, otherwise the final check says whether the
 * unacknowledged write took effect (a phantom when the service had answered an error status, "in
 * doubt" when the request was cut by a network error or a timeout).
 */
public class SoakDriver {

    static final String API = "/v3/personal-access-tokens";
    /** The kinds of request; "dead" is a rotated-away or revoked secret on /self, which must answer 401. */
    static final String[] KINDS = {"create", "read", "use", "rotate", "revoke", "dead"};
    /** Weights of the mix, in the order of KINDS ("dead" is drawn as one in four of "use"). */
    static final int[] WEIGHTS = {20, 35, 20, 15, 10};
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(Long.parseLong(env("SOAK_REQUEST_TIMEOUT", "30")));

    // Outcomes of a request that got no HTTP answer.
    static final int CONNECT = -1;   // never reached the service: certainly not processed
    static final int TIMEOUT = -2;   // sent, no answer in time: in doubt
    static final int IO = -3;        // sent, connection lost: in doubt

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        if (mode.equals("load") && args.length == 6) {
            new Load(args[1], users(Path.of(args[2])), Integer.parseInt(args[3]), Integer.parseInt(args[4])).run(Path.of(args[5]));
        } else if (mode.equals("verify") && args.length == 8) {
            System.exit(new Verify(args[1], users(Path.of(args[2])), State.read(Path.of(args[3])), Path.of(args[4]),
                    Path.of(args[5]), Integer.parseInt(args[6]), Path.of(args[7])).run() ? 0 : 1);
        } else {
            System.err.println("usage: SoakDriver load BASE USERS SECONDS WORKERS STATE"
                    + " | verify BASE USERS STATE ROWS RSS WARMUP_SECONDS OUTAGE");
            System.exit(2);
        }
    }

    record User(String id, String jwt) {
    }

    static List<User> users(Path file) throws IOException {
        List<User> users = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                users.add(new User(parts[0], parts[1]));
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no \"<user id> <jwt>\" line");
        }
        return users;
    }

    // ------------------------------------------------------------------------------------------
    // HTTP
    // ------------------------------------------------------------------------------------------

    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Sent but unanswered: the service may or may not have done it. */
        boolean inDoubt() {
            return status == TIMEOUT || status == IO;
        }

        String label() {
            return switch (status) {
                case CONNECT -> "connect-error";
                case TIMEOUT -> "timeout";
                case IO -> "io-error";
                default -> Integer.toString(status);
            };
        }
    }

    static final class Http {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final String base;

        Http(String base) {
            this.base = base;
        }

        Answer send(String method, String path, String bearer, String json) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json");
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (json != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.body());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                return new Answer(CONNECT, String.valueOf(e));
            } catch (HttpTimeoutException e) {
                return new Answer(TIMEOUT, String.valueOf(e));
            } catch (IOException e) {
                return e.getCause() instanceof ConnectException ? new Answer(CONNECT, String.valueOf(e)) : new Answer(IO, String.valueOf(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(IO, "interrupted");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // What the driver knows about its tokens
    // ------------------------------------------------------------------------------------------

    /** A doubt about a write: none, one answered with an error status, one cut by the network. */
    static final int NO_DOUBT = 0, ERROR_DOUBT = 1, NETWORK_DOUBT = 2;

    static int doubtOf(Answer answer) {
        return answer.inDoubt() ? NETWORK_DOUBT : answer.status == CONNECT ? NO_DOUBT : ERROR_DOUBT;
    }

    static final class Token {
        final String id;
        final int worker;
        final String name;
        String secret;                       // the latest secret the service acknowledged
        final List<String> old = new ArrayList<>(); // secrets rotated away by acknowledged rotations
        boolean revoked;                     // an acknowledged revocation
        int rotateDoubt = NO_DOUBT;          // an unacknowledged rotation since the latest acknowledged secret
        int revokeDoubt = NO_DOUBT;          // an unacknowledged revocation (and none acknowledged)

        Token(String id, int worker, String name, String secret) {
            this.id = id;
            this.worker = worker;
            this.name = name;
            this.secret = secret;
        }
    }

    /** Everything the load phase hands to the verify phase (written as tab-separated lines). */
    static final class State {
        long startMs, endMs;
        int workers, seconds;
        final List<Token> tokens = new ArrayList<>();
        final Map<String, String> failedCreates = new LinkedHashMap<>(); // name -> outcome label
        final Map<String, long[]> kinds = new LinkedHashMap<>();           // kind -> attempts, acked
        final Map<String, Long> statuses = new TreeMap<>();                // "kind status" -> count
        final List<String> unexpected = new ArrayList<>();                 // "ms text"
        long unexpectedCount;
        long first503 = -1, last503 = -1, firstNet = -1, lastNet = -1;

        void write(Path file) throws IOException {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
                out.println("R\t" + startMs + "\t" + endMs + "\t" + workers + "\t" + seconds);
                out.println("X\t" + first503 + "\t" + last503 + "\t" + firstNet + "\t" + lastNet + "\t" + unexpectedCount);
                for (Token t : tokens) {
                    out.println(String.join("\t", "T", t.id, Integer.toString(t.worker), t.name, t.secret,
                            t.revoked ? "1" : "0", Integer.toString(t.rotateDoubt), Integer.toString(t.revokeDoubt)));
                    for (String old : t.old) {
                        out.println("O\t" + t.id + "\t" + old);
                    }
                }
                failedCreates.forEach((name, outcome) -> out.println("F\t" + name + "\t" + outcome));
                kinds.forEach((kind, n) -> out.println("K\t" + kind + "\t" + n[0] + "\t" + n[1]));
                statuses.forEach((key, n) -> out.println("H\t" + key.replace(' ', '\t') + "\t" + n));
                for (String line : unexpected) {
                    out.println("E\t" + line.replace('\t', ' ').replace('\n', ' '));
                }
            }
        }

        static State read(Path file) throws IOException {
            State state = new State();
            Map<String, Token> byId = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "R" -> {
                        state.startMs = Long.parseLong(f[1]);
                        state.endMs = Long.parseLong(f[2]);
                        state.workers = Integer.parseInt(f[3]);
                        state.seconds = Integer.parseInt(f[4]);
                    }
                    case "X" -> {
                        state.first503 = Long.parseLong(f[1]);
                        state.last503 = Long.parseLong(f[2]);
                        state.firstNet = Long.parseLong(f[3]);
                        state.lastNet = Long.parseLong(f[4]);
                        state.unexpectedCount = Long.parseLong(f[5]);
                    }
                    case "T" -> {
                        Token t = new Token(f[1], Integer.parseInt(f[2]), f[3], f[4]);
                        t.revoked = f[5].equals("1");
                        t.rotateDoubt = Integer.parseInt(f[6]);
                        t.revokeDoubt = Integer.parseInt(f[7]);
                        state.tokens.add(t);
                        byId.put(t.id, t);
                    }
                    case "O" -> byId.get(f[1]).old.add(f[2]);
                    case "F" -> state.failedCreates.put(f[1], f[2]);
                    case "K" -> state.kinds.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                    case "H" -> state.statuses.put(f[1] + " " + f[2], Long.parseLong(f[3]));
                    case "E" -> state.unexpected.add(f[1]);
                    default -> {
                    }
                }
            }
            return state;
        }

        long status(String kind, String status) {
            return statuses.getOrDefault(kind + " " + status, 0L);
        }

        long statusAll(String status) {
            long n = 0;
            for (String kind : KINDS) {
                n += status(kind, status);
            }
            return n;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Load
    // ------------------------------------------------------------------------------------------

    static final class Load {
        final Http http;
        final List<User> users;
        final int seconds, workers;
        final State state = new State();
        final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        final Map<String, LongAdder[]> kinds = new ConcurrentHashMap<>();
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong unexpectedCount = new AtomicLong();
        final AtomicLong first503 = new AtomicLong(-1), last503 = new AtomicLong(-1);
        final AtomicLong firstNet = new AtomicLong(-1), lastNet = new AtomicLong(-1);
        final Map<String, String> failedCreates = new ConcurrentHashMap<>();
        volatile long deadline;

        Load(String base, List<User> users, int seconds, int workers) {
            this.http = new Http(base);
            this.users = users;
            this.seconds = seconds;
            this.workers = workers;
            for (String kind : KINDS) {
                kinds.put(kind, new LongAdder[] {new LongAdder(), new LongAdder()});
            }
        }

        void run(Path stateFile) throws Exception {
            state.startMs = System.currentTimeMillis();
            state.workers = workers;
            state.seconds = seconds;
            deadline = state.startMs + seconds * 1000L;
            // bench/soak.sh times the database restart and the RSS samples from this moment
            Files.writeString(Path.of(stateFile + ".started"), state.startMs + "\n");
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            List<Future<List<Token>>> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                results.add(pool.submit(() -> work(worker)));
            }
            Thread progress = new Thread(this::progress, "progress");
            progress.setDaemon(true);
            progress.start();
            for (Future<List<Token>> result : results) {
                state.tokens.addAll(result.get());
            }
            pool.shutdown();
            state.endMs = System.currentTimeMillis();
            state.failedCreates.putAll(new TreeMap<>(failedCreates));
            for (String kind : KINDS) {
                LongAdder[] n = kinds.get(kind);
                state.kinds.put(kind, new long[] {n[0].sum(), n[1].sum()});
            }
            statuses.forEach((key, n) -> state.statuses.put(key, n.sum()));
            state.unexpected.addAll(unexpected);
            state.unexpectedCount = unexpectedCount.get();
            state.first503 = first503.get();
            state.last503 = last503.get();
            state.firstNet = firstNet.get();
            state.lastNet = lastNet.get();
            state.write(stateFile);
            long acked = 0, attempted = 0;
            for (long[] n : state.kinds.values()) {
                attempted += n[0];
                acked += n[1];
            }
            System.out.printf("load done: %d requests, %d acknowledged, %d tokens, %d unexpected answers%n",
                    attempted, acked, state.tokens.size(), state.unexpectedCount);
        }

        void progress() {
            long last = 0;
            while (true) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                long total = 0, acked = 0;
                for (LongAdder[] n : kinds.values()) {
                    total += n[0].sum();
                    acked += n[1].sum();
                }
                long s503 = 0;
                for (String kind : KINDS) {
                    LongAdder n = statuses.get(kind + " 503");
                    s503 += n == null ? 0 : n.sum();
                }
                System.out.printf("t=%3ds requests %d (+%d in 10 s), acknowledged %d, 503 %d, unexpected %d%n",
                        (System.currentTimeMillis() - state.startMs) / 1000, total, total - last, acked, s503, unexpectedCount.get());
                System.out.flush();
                last = total;
            }
        }

        Answer call(String kind, String method, String path, String bearer, String json) {
            Answer answer = http.send(method, path, bearer, json);
            LongAdder[] n = kinds.get(kind);
            n[0].increment();
            if (answer.ok()) {
                n[1].increment();
            }
            statuses.computeIfAbsent(kind + " " + answer.label(), k -> new LongAdder()).increment();
            long now = System.currentTimeMillis();
            if (answer.status == 503) {
                first503.compareAndSet(-1, now);
                last503.accumulateAndGet(now, Math::max);
            } else if (answer.status < 0) {
                firstNet.compareAndSet(-1, now);
                lastNet.accumulateAndGet(now, Math::max);
            }
            return answer;
        }

        void unexpected(String what, Answer answer) {
            unexpectedCount.incrementAndGet();
            if (unexpected.size() < 50) {
                String body = answer.body == null ? "" : answer.body;
                unexpected.add((System.currentTimeMillis() - state.startMs) + "ms " + what + " -> " + answer.label() + " "
                        + (body.length() > 300 ? body.substring(0, 300) : body));
            }
        }

        /** After an error answer (503, network, anything not 2xx): a short pause, as a client would make. */
        static void pause(Answer answer) {
            if (!answer.ok()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** 503 and network errors are expected around the outage; a 500 is counted apart (it is a failure either way). */
        boolean expectedFailure(Answer answer) {
            return answer.status == 503 || answer.status < 0;
        }

        List<Token> work(int worker) {
            User user = users.get(worker % users.size());
            ThreadLocalRandom random = ThreadLocalRandom.current();
            List<Token> mine = new ArrayList<>();
            List<Token> live = new ArrayList<>();        // not revoked by an acknowledged revocation
            List<String> dead = new ArrayList<>();       // secrets that must be refused
            int sequence = 0;
            int total = 0;
            for (int weight : WEIGHTS) {
                total += weight;
            }
            while (System.currentTimeMillis() < deadline && !Thread.currentThread().isInterrupted()) {
                int pick = random.nextInt(total);
                int k = 0;
                while (pick >= WEIGHTS[k]) {
                    pick -= WEIGHTS[k++];
                }
                String kind = live.isEmpty() ? "create" : KINDS[k];
                Token token = live.isEmpty() ? null : live.get(random.nextInt(live.size()));
                Answer answer;
                switch (kind) {
                    case "create" -> {
                        String name = "soak-w" + worker + "-" + (++sequence);
                        answer = call(kind, "POST", API, user.jwt,
                                "{\"name\":\"" + name + "\",\"scopes\":[\"personalAccessToken:read\",\"personalAccessToken:write\"]}");
                        if (answer.status == 201) {
                            Map<?, ?> body = Json.object(answer.body);
                            Object id = body == null ? null : body.get("id");
                            Object secret = body == null ? null : body.get("token");
                            if (id instanceof String i && secret instanceof String s && name.equals(body.get("name"))) {
                                Token created = new Token(i, worker, name, s);
                                mine.add(created);
                                live.add(created);
                            } else {
                                unexpected("create " + name + ": 201 without id, token or the name", answer);
                                failedCreates.put(name, "201-unreadable");
                            }
                        } else {
                            failedCreates.put(name, answer.label());
                            if (!expectedFailure(answer)) {
                                unexpected("create " + name, answer);
                            }
                        }
                    }
                    case "read" -> {
                        // any of the worker's tokens, revoked ones too: an acknowledged create stays readable
                        Token read = mine.get(random.nextInt(mine.size()));
                        answer = call(kind, "GET", API + "/" + read.id, user.jwt, null);
                        if (answer.status == 200) {
                            Map<?, ?> body = Json.object(answer.body);
                            if (body == null || !read.id.equals(body.get("id"))) {
                                unexpected("read " + read.id + ": another body", answer);
                            } else if (read.revoked && !Boolean.TRUE.equals(body.get("revoked"))) {
                                unexpected("read " + read.id + ": an acknowledged revocation is not visible", answer);
                            }
                        } else if (!expectedFailure(answer)) {
                            unexpected("read " + read.id, answer);
                        }
                    }
                    case "use" -> {
                        if (!dead.isEmpty() && random.nextInt(4) == 0) {
                            String secret = dead.get(random.nextInt(dead.size()));
                            answer = call("dead", "GET", API + "/self", secret, null);
                            if (answer.status != 401 && !expectedFailure(answer)) {
                                unexpected("use of a rotated-away or revoked secret (must be 401)", answer);
                            }
                        } else if (token.rotateDoubt != NO_DOUBT || token.revokeDoubt != NO_DOUBT) {
                            // its latest known secret may have been replaced or revoked: read it instead
                            answer = call("read", "GET", API + "/" + token.id, user.jwt, null);
                            if (!answer.ok() && !expectedFailure(answer)) {
                                unexpected("read " + token.id, answer);
                            }
                        } else {
                            answer = call(kind, "GET", API + "/self", token.secret, null);
                            if (answer.status == 200) {
                                Map<?, ?> body = Json.object(answer.body);
                                if (body == null || !token.id.equals(body.get("id"))) {
                                    unexpected("use of " + token.id + "'s secret: another token", answer);
                                }
                            } else if (!expectedFailure(answer)) {
                                unexpected("use of " + token.id + "'s latest secret (must be 200)", answer);
                            }
                        }
                    }
                    case "rotate" -> {
                        if (token.revokeDoubt != NO_DOUBT) {
                            // maybe revoked already: revoke it again instead (idempotent), which settles it
                            answer = revoke(user, token, live, dead);
                        } else {
                            answer = call(kind, "POST", API + "/" + token.id + "/rotate", user.jwt, null);
                            if (answer.status == 200) {
                                Map<?, ?> body = Json.object(answer.body);
                                Object secret = body == null ? null : body.get("token");
                                if (secret instanceof String s && token.id.equals(body.get("id"))) {
                                    token.old.add(token.secret);
                                    dead.add(token.secret);
                                    token.secret = s;
                                    token.rotateDoubt = NO_DOUBT;
                                } else {
                                    unexpected("rotate " + token.id + ": 200 without the new secret", answer);
                                }
                            } else {
                                token.rotateDoubt = Math.max(token.rotateDoubt, doubtOf(answer));
                                if (!expectedFailure(answer)) {
                                    unexpected("rotate " + token.id, answer);
                                }
                            }
                        }
                    }
                    case "revoke" -> answer = revoke(user, token, live, dead);
                    default -> throw new IllegalStateException(kind);
                }
                pause(answer);
            }
            return mine;
        }

        Answer revoke(User user, Token token, List<Token> live, List<String> dead) {
            Answer answer = call("revoke", "PATCH", API + "/" + token.id, user.jwt, "{\"revoked\":true}");
            if (answer.status == 200) {
                Map<?, ?> body = Json.object(answer.body);
                if (body == null || !Boolean.TRUE.equals(body.get("revoked"))) {
                    unexpected("revoke " + token.id + ": 200 but not revoked", answer);
                }
                token.revoked = true;
                token.revokeDoubt = NO_DOUBT;
                live.remove(token);
                dead.add(token.secret);
            } else {
                token.revokeDoubt = Math.max(token.revokeDoubt, doubtOf(answer));
                if (!expectedFailure(answer)) {
                    unexpected("revoke " + token.id, answer);
                }
            }
            return answer;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Verify
    // ------------------------------------------------------------------------------------------

    static final class Verify {
        final Http http;
        final List<User> users;
        final State state;
        final Path rowsFile, rssFile, outageFile;
        final int warmup;
        final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final List<String> doubts = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong failureCount = new AtomicLong();

        Verify(String base, List<User> users, State state, Path rowsFile, Path rssFile, int warmup, Path outageFile) {
            this.http = new Http(base);
            this.users = users;
            this.state = state;
            this.rowsFile = rowsFile;
            this.rssFile = rssFile;
            this.warmup = warmup;
            this.outageFile = outageFile;
        }

        void count(String counter) {
            counters.computeIfAbsent(counter, k -> new LongAdder()).increment();
        }

        long counter(String counter) {
            LongAdder n = counters.get(counter);
            return n == null ? 0 : n.sum();
        }

        void fail(String counter, String text) {
            count(counter);
            failureCount.incrementAndGet();
            if (failures.size() < 40) {
                failures.add(text);
            }
        }

        void doubt(String counter, String text) {
            count(counter);
            if (doubts.size() < 40) {
                doubts.add(text);
            }
        }

        /** A check request: retried while the service answers 503 or the network fails (it must have recovered). */
        Answer check(String method, String path, String bearer) {
            Answer answer = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                answer = http.send(method, path, bearer, null);
                if (answer.status != 503 && answer.status >= 0) {
                    return answer;
                }
                count("retried check requests");
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return answer;
                }
            }
            return answer;
        }

        boolean run() throws Exception {
            boolean ready = waitReady();
            Map<String, String[]> rows = new HashMap<>();
            for (String line : Files.readAllLines(rowsFile)) {
                String[] f = line.split("\t", -1);
                if (f.length >= 3) {
                    rows.put(f[0], f);
                }
            }
            if (ready) {
                ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, state.workers));
                List<Future<?>> done = new ArrayList<>();
                for (Token token : state.tokens) {
                    done.add(pool.submit(() -> checkToken(token)));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
            }

            // The database against what was acknowledged.
            Set<String> acked = new HashSet<>();
            for (Token token : state.tokens) {
                acked.add(token.id);
                String[] row = rows.get(token.id);
                if (row == null) {
                    fail("lost", "lost: acknowledged create " + token.id + " (" + token.name + ") has no row");
                } else if (token.revoked && !row[2].equals("t")) {
                    fail("lost revocations", "lost: acknowledged revocation of " + token.id + " is not in its row");
                }
            }
            Map<String, String> rowNames = new HashMap<>();
            for (String[] row : rows.values()) {
                if (acked.contains(row[0])) {
                    continue;
                }
                String outcome = state.failedCreates.get(row[1]);
                rowNames.put(row[0], row[1]);
                if (outcome != null && (outcome.equals("timeout") || outcome.equals("io-error"))) {
                    doubt("in doubt rows", "in doubt: row " + row[0] + " (" + row[1] + "), its create was cut by a network error (" + outcome + ")");
                } else {
                    fail("phantom rows", "phantom: row " + row[0] + " (" + row[1] + ") was never acknowledged; its create answered "
                            + (outcome == null ? "nothing this driver sent" : outcome));
                }
            }

            print(ready, rows.size());
            return ready && failureCount.get() == 0 && state.unexpectedCount == 0 && state.statusAll("500") == 0 && rssFlat;
        }

        boolean waitReady() throws InterruptedException {
            long until = System.currentTimeMillis() + 1000L * Long.parseLong(env("SOAK_READY_TIMEOUT", "120"));
            while (System.currentTimeMillis() < until) {
                if (http.send("GET", "/q/health/ready", null, null).status == 200) {
                    return true;
                }
                Thread.sleep(500);
            }
            failures.add("the service did not report ready within " + env("SOAK_READY_TIMEOUT", "120") + " s after the load");
            failureCount.incrementAndGet();
            return false;
        }

        void checkToken(Token token) {
            User user = users.get(token.worker % users.size());
            Answer read = check("GET", API + "/" + token.id, user.jwt);
            boolean revokedNow = false;
            if (read.status == 200) {
                Map<?, ?> body = Json.object(read.body);
                if (body == null || !token.id.equals(body.get("id")) || !token.name.equals(body.get("name"))) {
                    fail("creates not readable", "create " + token.id + ": GET answered another body: " + read.body);
                } else {
                    count("creates readable");
                    revokedNow = Boolean.TRUE.equals(body.get("revoked"));
                }
            } else {
                fail("creates not readable", "create " + token.id + " (" + token.name + "): GET answered " + read.label() + " " + read.body);
            }
            for (String old : token.old) {
                Answer use = check("GET", API + "/self", old);
                if (use.status == 401) {
                    count("rotated-away refused");
                } else {
                    fail("rotated-away accepted", "a secret of " + token.id + " rotated away by an acknowledged rotation answered " + use.label());
                }
            }
            Answer use = check("GET", API + "/self", token.secret);
            if (token.revoked) {
                if (!revokedNow && read.status == 200) {
                    fail("revokes lost", "acknowledged revocation of " + token.id + " is not visible (revoked=false)");
                }
                if (use.status == 401) {
                    count("revokes refused");
                } else {
                    fail("revokes not refused", "the secret of " + token.id + ", revoked by an acknowledged revocation, answered " + use.label());
                }
                return;
            }
            if (revokedNow) {
                // revoked without an acknowledged revocation
                if (token.revokeDoubt == NETWORK_DOUBT) {
                    doubt("in doubt revocations", "in doubt: " + token.id + " is revoked; its revocation was cut by a network error");
                } else if (token.revokeDoubt == ERROR_DOUBT) {
                    fail("phantom revocations", "phantom: " + token.id + " is revoked although its revocation answered an error status");
                } else {
                    fail("phantom revocations", "phantom: " + token.id + " is revoked although no revocation was sent");
                }
                if (use.status != 401) {
                    fail("revokes not refused", "the secret of the revoked " + token.id + " answered " + use.label());
                }
                return;
            }
            if (use.status == 200) {
                count("latest secrets accepted");
                return;
            }
            if (use.status == 401 && token.rotateDoubt == NETWORK_DOUBT) {
                doubt("in doubt rotations", "in doubt: " + token.id + "'s latest acknowledged secret is refused; a rotation of it was cut by a network error");
            } else if (use.status == 401 && token.rotateDoubt == ERROR_DOUBT) {
                fail("phantom rotations", "phantom: " + token.id + "'s latest acknowledged secret is refused, although its later rotation answered an error status");
            } else {
                fail("latest secrets refused", "the latest acknowledged secret of the live token " + token.id + " answered " + use.label());
            }
        }

        boolean rssFlat = true;

        void print(boolean ready, int rowCount) throws IOException {
            long start = state.startMs;
            PrintWriter out = new PrintWriter(System.out, true);
            out.println();
            out.println("== Soak summary ==");
            out.printf("Load: %d s, %d workers (one user each), mix create/read/use/rotate/revoke = %d/%d/%d/%d/%d%n",
                    state.seconds, state.workers, WEIGHTS[0], WEIGHTS[1], WEIGHTS[2], WEIGHTS[3], WEIGHTS[4]);
            if (Files.exists(outageFile)) {
                String[] f = Files.readString(outageFile).trim().split("\\s+");
                if (f.length == 4) {
                    double[] t = new double[4];
                    for (int i = 0; i < 4; i++) {
                        t[i] = (Long.parseLong(f[i]) - start) / 1000.0;
                    }
                    out.printf("Database restart: stop requested at t=%.1f s, stopped at t=%.1f s, start requested at t=%.1f s,"
                            + " running again at t=%.1f s%n", t[0], t[1], t[2], t[3]);
                }
            }
            out.println();
            out.println("Operations (acknowledged = 2xx):");
            out.printf("  %-7s %9s %9s %6s %6s %6s %8s %6s%n", "kind", "attempted", "ack'd", "401", "503", "500", "network", "other");
            for (String kind : KINDS) {
                long[] n = state.kinds.getOrDefault(kind, new long[2]);
                long s401 = state.status(kind, "401"), s503 = state.status(kind, "503"), s500 = state.status(kind, "500");
                long net = state.status(kind, "connect-error") + state.status(kind, "timeout") + state.status(kind, "io-error");
                long other = n[0] - n[1] - s401 - s503 - s500 - net;
                out.printf("  %-7s %9d %9d %6d %6d %6d %8d %6d%n", kind, n[0], n[1], s401, s503, s500, net, other);
            }
            out.println("  read = GET by id with the JWT; use = the latest secret on /self; dead = a rotated-away or revoked"
                    + " secret on /self (must be 401, never 2xx)");
            out.println("  statuses: " + state.statuses);
            long s503 = state.statusAll("503"), s500 = state.statusAll("500");
            out.printf("503 answers: %d%s%n", s503, s503 == 0 ? "" : String.format(" (first at t=%.1f s, last at t=%.1f s)",
                    (state.first503 - start) / 1000.0, (state.last503 - start) / 1000.0));
            out.printf("500 answers: %d  %s%n", s500, verdict(s500 == 0));
            long connect = state.statusAll("connect-error"), timeout = state.statusAll("timeout"), io = state.statusAll("io-error");
            out.printf("Network errors: connect %d, timeout %d, cut %d%s%n", connect, timeout, io,
                    state.firstNet < 0 ? "" : String.format(" (first at t=%.1f s, last at t=%.1f s)",
                            (state.firstNet - start) / 1000.0, (state.lastNet - start) / 1000.0));
            out.printf("Unexpected answers during the load: %d  %s%n", state.unexpectedCount, verdict(state.unexpectedCount == 0));
            for (String line : state.unexpected) {
                out.println("    " + line);
            }
            out.println();
            long creates = state.tokens.size();
            long revokes = state.tokens.stream().filter(t -> t.revoked).count();
            long rotatedAway = state.tokens.stream().mapToLong(t -> t.old.size()).sum();
            long live = creates - revokes;
            out.println("Checks after the load" + (ready ? ":" : " (NOT RUN: the service never became ready again)"));
            out.printf("  acknowledged creates readable (GET 200):        %d/%d  %s%n", counter("creates readable"), creates,
                    verdict(ready && counter("creates readable") == creates));
            out.printf("  acknowledged revokes refused (secret -> 401):    %d/%d  %s%n", counter("revokes refused"), revokes,
                    verdict(ready && counter("revokes refused") == revokes));
            out.printf("  rotated-away secrets refused (-> 401):           %d/%d  %s%n", counter("rotated-away refused"), rotatedAway,
                    verdict(ready && counter("rotated-away refused") == rotatedAway));
            long settled = counter("phantom revocations") + counter("in doubt revocations")
                    + counter("phantom rotations") + counter("in doubt rotations");
            out.printf("  latest secrets of non-revoked tokens (-> 200):   %d/%d%s  %s%n", counter("latest secrets accepted"), live,
                    settled == 0 ? "" : " (" + settled + " changed by an unacknowledged write, see phantom and in doubt)",
                    verdict(ready && counter("latest secrets accepted") + settled == live && counter("latest secrets refused") == 0));
            out.println();
            out.printf("Database: %d token rows in the soak account; %d acknowledged creates%n", rowCount, creates);
            out.printf("  lost (acknowledged, no row or change missing):   %d  %s%n", counter("lost") + counter("lost revocations"),
                    verdict(counter("lost") + counter("lost revocations") == 0));
            long phantom = counter("phantom rows") + counter("phantom revocations") + counter("phantom rotations");
            out.printf("  phantom (done, never acknowledged, not cut):     %d (rows %d, revocations %d, rotations %d)  %s%n", phantom,
                    counter("phantom rows"), counter("phantom revocations"), counter("phantom rotations"), verdict(phantom == 0));
            out.printf("  in doubt (done, request cut by the network):     %d (rows %d, revocations %d, rotations %d)%n",
                    counter("in doubt rows") + counter("in doubt revocations") + counter("in doubt rotations"),
                    counter("in doubt rows"), counter("in doubt revocations"), counter("in doubt rotations"));
            out.printf("  failed creates (error answer or cut):            %d%n", state.failedCreates.size());
            if (counter("retried check requests") > 0) {
                out.printf("  (check requests retried after a 503 or a network error: %d)%n", counter("retried check requests"));
            }
            for (String line : doubts) {
                out.println("    " + line);
            }
            out.println();
            printRss(out);
            out.println();
            if (!failures.isEmpty()) {
                out.println("Failures (first " + failures.size() + " of " + failureCount.get() + "):");
                for (String line : failures) {
                    out.println("    " + line);
                }
            }
            boolean pass = ready && failureCount.get() == 0 && state.unexpectedCount == 0 && s500 == 0 && rssFlat;
            out.println("RESULT: " + (pass ? "PASS" : "FAIL"));
        }

        void printRss(PrintWriter out) throws IOException {
            List<long[]> samples = new ArrayList<>();
            if (Files.exists(rssFile)) {
                for (String line : Files.readAllLines(rssFile)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 2 && f[1].matches("\\d+")) {
                        samples.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                    }
                }
            }
            if (samples.isEmpty()) {
                out.println("RSS: no samples  FAIL");
                rssFlat = false;
                return;
            }
            StringBuilder series = new StringBuilder();
            long max = 0;
            long[] first = null;
            for (long[] s : samples) {
                series.append(series.length() == 0 ? "" : " ").append(s[0]).append("s:").append(Math.round(s[1] / 1024.0));
                max = Math.max(max, s[1]);
                if (first == null && s[0] >= warmup) {
                    first = s;
                }
            }
            long[] last = samples.get(samples.size() - 1);
            if (first == null) {
                first = last;
            }
            rssFlat = last[1] <= first[1] * 1.5;
            out.println("RSS of the service, MB, every 10 s (t:MB): " + series);
            out.printf("RSS after the %d s warm-up: first %d MB (t=%d s), last %d MB (t=%d s), max %d MB; flat = last <= 1.5 x first: %d <= %d  %s%n",
                    warmup, Math.round(first[1] / 1024.0), first[0], Math.round(last[1] / 1024.0), last[0], Math.round(max / 1024.0),
                    Math.round(last[1] / 1024.0), Math.round(first[1] * 1.5 / 1024.0), verdict(rssFlat));
        }

        static String verdict(boolean ok) {
            return ok ? "PASS" : "FAIL";
        }
    }

    // ------------------------------------------------------------------------------------------
    // A minimal JSON reader (objects, arrays, strings, numbers, booleans, null): the JDK has none.
    // ------------------------------------------------------------------------------------------

    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        /** The top-level object of a body, or null when the body is not a JSON object. */
        static Map<?, ?> object(String body) {
            if (body == null) {
                return null;
            }
            try {
                Json json = new Json(body);
                Object value = json.value();
                json.space();
                return json.at == body.length() && value instanceof Map<?, ?> map ? map : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private Object value() {
            space();
            char c = text.charAt(at);
            switch (c) {
                case '{' -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    at++;
                    space();
                    if (text.charAt(at) == '}') {
                        at++;
                        return map;
                    }
                    while (true) {
                        space();
                        String key = string();
                        space();
                        expect(':');
                        map.put(key, value());
                        space();
                        if (text.charAt(at) == ',') {
                            at++;
                        } else {
                            expect('}');
                            return map;
                        }
                    }
                }
                case '[' -> {
                    List<Object> list = new ArrayList<>();
                    at++;
                    space();
                    if (text.charAt(at) == ']') {
                        at++;
                        return list;
                    }
                    while (true) {
                        list.add(value());
                        space();
                        if (text.charAt(at) == ',') {
                            at++;
                        } else {
                            expect(']');
                            return list;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (text.startsWith("true", at)) {
                        at += 4;
                        return Boolean.TRUE;
                    }
                    if (text.startsWith("false", at)) {
                        at += 5;
                        return Boolean.FALSE;
                    }
                    if (text.startsWith("null", at)) {
                        at += 4;
                        return null;
                    }
                    int start = at;
                    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                        at++;
                    }
                    if (start == at) {
                        throw new IllegalArgumentException("unexpected " + c);
                    }
                    return Double.parseDouble(text.substring(start, at));
                }
            }
        }

        private void expect(char c) {
            if (text.charAt(at) != c) {
                throw new IllegalArgumentException("expected " + c);
            }
            at++;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
        }
    }
}
