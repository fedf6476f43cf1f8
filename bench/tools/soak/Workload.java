import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The load: WORKERS threads, each acting as one user on the tokens it created, one request at a time; writes the ledger. */
final class Workload {

    private static final String API = SoakDriver.API;
    private static final String[] KINDS = SoakDriver.KINDS;
    private static final int[] WEIGHTS = SoakDriver.WEIGHTS;

    final Http http;
    final List<User> users;
    final int seconds, workers;
    final Ledger ledger = new Ledger();
    final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    final Map<String, LongAdder[]> kinds = new ConcurrentHashMap<>();
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong unexpectedCount = new AtomicLong();
    final AtomicLong first503 = new AtomicLong(-1), last503 = new AtomicLong(-1);
    final AtomicLong firstNet = new AtomicLong(-1), lastNet = new AtomicLong(-1);
    final Map<String, String> failedCreates = new ConcurrentHashMap<>();
    volatile long deadline;

    Workload(String base, List<User> users, int seconds, int workers) {
        this.http = new Http(base);
        this.users = users;
        this.seconds = seconds;
        this.workers = workers;
        for (String kind : KINDS) {
            kinds.put(kind, new LongAdder[] {new LongAdder(), new LongAdder()});
        }
    }

    void run(Path ledgerFile) throws Exception {
        ledger.startMs = System.currentTimeMillis();
        ledger.workers = workers;
        ledger.seconds = seconds;
        deadline = ledger.startMs + seconds * 1000L;
        // bench/soak.sh times the database restart and the RSS samples from this moment
        Files.writeString(Path.of(ledgerFile + ".started"), ledger.startMs + "\n");
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
            ledger.tokens.addAll(result.get());
        }
        pool.shutdown();
        ledger.endMs = System.currentTimeMillis();
        ledger.failedCreates.putAll(new TreeMap<>(failedCreates));
        for (String kind : KINDS) {
            LongAdder[] n = kinds.get(kind);
            ledger.kinds.put(kind, new long[] {n[0].sum(), n[1].sum()});
        }
        statuses.forEach((key, n) -> ledger.statuses.put(key, n.sum()));
        ledger.unexpected.addAll(unexpected);
        ledger.unexpectedCount = unexpectedCount.get();
        ledger.first503 = first503.get();
        ledger.last503 = last503.get();
        ledger.firstNet = firstNet.get();
        ledger.lastNet = lastNet.get();
        ledger.write(ledgerFile);
        long acked = 0, attempted = 0;
        for (long[] n : ledger.kinds.values()) {
            attempted += n[0];
            acked += n[1];
        }
        System.out.printf("load done: %d requests, %d acknowledged, %d tokens, %d unexpected answers%n",
                attempted, acked, ledger.tokens.size(), ledger.unexpectedCount);
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
                    (System.currentTimeMillis() - ledger.startMs) / 1000, total, total - last, acked, s503, unexpectedCount.get());
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
        if (answer.status() == 503) {
            first503.compareAndSet(-1, now);
            last503.accumulateAndGet(now, Math::max);
        } else if (answer.status() < 0) {
            firstNet.compareAndSet(-1, now);
            lastNet.accumulateAndGet(now, Math::max);
        }
        return answer;
    }

    void unexpected(String what, Answer answer) {
        unexpectedCount.incrementAndGet();
        if (unexpected.size() < 50) {
            String body = answer.body() == null ? "" : answer.body();
            unexpected.add((System.currentTimeMillis() - ledger.startMs) + "ms " + what + " -> " + answer.label() + " "
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
    static boolean expectedFailure(Answer answer) {
        return answer.status() == 503 || answer.status() < 0;
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
            Answer answer = switch (kind) {
                case "create" -> create(user, worker, ++sequence, mine, live);
                case "read" -> read(user, mine.get(random.nextInt(mine.size())));
                case "use" -> use(user, token, dead, random);
                case "rotate" -> token.revokeDoubt != Token.NO_DOUBT
                        // maybe revoked already: revoke it again instead (idempotent), which settles it
                        ? revoke(user, token, live, dead)
                        : rotate(user, token, dead);
                case "revoke" -> revoke(user, token, live, dead);
                default -> throw new IllegalStateException(kind);
            };
            pause(answer);
        }
        return mine;
    }

    Answer create(User user, int worker, int sequence, List<Token> mine, List<Token> live) {
        String name = "soak-w" + worker + "-" + sequence;
        Answer answer = call("create", "POST", API, user.jwt(),
                "{\"name\":\"" + name + "\",\"scopes\":[\"personalAccessToken:read\",\"personalAccessToken:write\"]}");
        if (answer.status() == 201) {
            Map<String, Object> body = JsonFields.of(answer.body());
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
        return answer;
    }

    /** Any of the worker's tokens, revoked ones too: an acknowledged create stays readable. */
    Answer read(User user, Token read) {
        Answer answer = call("read", "GET", API + "/" + read.id, user.jwt(), null);
        if (answer.status() == 200) {
            Map<String, Object> body = JsonFields.of(answer.body());
            if (body == null || !read.id.equals(body.get("id"))) {
                unexpected("read " + read.id + ": another body", answer);
            } else if (read.revoked && !Boolean.TRUE.equals(body.get("revoked"))) {
                unexpected("read " + read.id + ": an acknowledged revocation is not visible", answer);
            }
        } else if (!expectedFailure(answer)) {
            unexpected("read " + read.id, answer);
        }
        return answer;
    }

    Answer use(User user, Token token, List<String> dead, ThreadLocalRandom random) {
        Answer answer;
        if (!dead.isEmpty() && random.nextInt(4) == 0) {
            String secret = dead.get(random.nextInt(dead.size()));
            answer = call("dead", "GET", API + "/self", secret, null);
            if (answer.status() != 401 && !expectedFailure(answer)) {
                unexpected("use of a rotated-away or revoked secret (must be 401)", answer);
            }
        } else if (token.rotateDoubt != Token.NO_DOUBT || token.revokeDoubt != Token.NO_DOUBT) {
            // its latest known secret may have been replaced or revoked: read it instead
            answer = call("read", "GET", API + "/" + token.id, user.jwt(), null);
            if (!answer.ok() && !expectedFailure(answer)) {
                unexpected("read " + token.id, answer);
            }
        } else {
            answer = call("use", "GET", API + "/self", token.secret, null);
            if (answer.status() == 200) {
                Map<String, Object> body = JsonFields.of(answer.body());
                if (body == null || !token.id.equals(body.get("id"))) {
                    unexpected("use of " + token.id + "'s secret: another token", answer);
                }
            } else if (!expectedFailure(answer)) {
                unexpected("use of " + token.id + "'s latest secret (must be 200)", answer);
            }
        }
        return answer;
    }

    Answer rotate(User user, Token token, List<String> dead) {
        Answer answer = call("rotate", "POST", API + "/" + token.id + "/rotate", user.jwt(), null);
        if (answer.status() == 200) {
            Map<String, Object> body = JsonFields.of(answer.body());
            Object secret = body == null ? null : body.get("token");
            if (secret instanceof String s && token.id.equals(body.get("id"))) {
                token.old.add(token.secret);
                dead.add(token.secret);
                token.secret = s;
                token.rotateDoubt = Token.NO_DOUBT;
            } else {
                unexpected("rotate " + token.id + ": 200 without the new secret", answer);
            }
        } else {
            token.rotateDoubt = Math.max(token.rotateDoubt, Token.doubtOf(answer));
            if (!expectedFailure(answer)) {
                unexpected("rotate " + token.id, answer);
            }
        }
        return answer;
    }

    Answer revoke(User user, Token token, List<Token> live, List<String> dead) {
        Answer answer = call("revoke", "PATCH", API + "/" + token.id, user.jwt(), "{\"revoked\":true}");
        if (answer.status() == 200) {
            Map<String, Object> body = JsonFields.of(answer.body());
            if (body == null || !Boolean.TRUE.equals(body.get("revoked"))) {
                unexpected("revoke " + token.id + ": 200 but not revoked", answer);
            }
            token.revoked = true;
            token.revokeDoubt = Token.NO_DOUBT;
            live.remove(token);
            dead.add(token.secret);
        } else {
            token.revokeDoubt = Math.max(token.revokeDoubt, Token.doubtOf(answer));
            if (!expectedFailure(answer)) {
                unexpected("revoke " + token.id, answer);
            }
        }
        return answer;
    }
}
