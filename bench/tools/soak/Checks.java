import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The checks after the load: every acknowledged operation of the ledger against the service, and the rows against the ledger. */
final class Checks {

    private static final String API = SoakDriver.API;

    final Http http;
    final List<User> users;
    final Ledger ledger;
    final Path rowsFile;
    final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    final List<String> doubts = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong failureCount = new AtomicLong();
    boolean ready;
    int rowCount;

    Checks(String base, List<User> users, Ledger ledger, Path rowsFile) {
        this.http = new Http(base);
        this.users = users;
        this.ledger = ledger;
        this.rowsFile = rowsFile;
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
            if (answer.status() != 503 && answer.status() >= 0) {
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

    /** Runs every check; sets {@link #ready} (the service answered ready after the load) and {@link #rowCount}. */
    void run() throws Exception {
        ready = waitReady();
        Map<String, String[]> rows = readRows();
        rowCount = rows.size();
        if (ready) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, ledger.workers));
            List<Future<?>> done = new ArrayList<>();
            for (Token token : ledger.tokens) {
                done.add(pool.submit(() -> checkToken(token)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }

        // The database against what was acknowledged.
        Set<String> acked = new HashSet<>();
        for (Token token : ledger.tokens) {
            acked.add(token.id);
            String[] row = rows.get(token.id);
            if (row == null) {
                fail("lost", "lost: acknowledged create " + token.id + " (" + token.name + ") has no row");
            } else if (token.revoked && !row[2].equals("t")) {
                fail("lost revocations", "lost: acknowledged revocation of " + token.id + " is not in its row");
            }
        }
        for (String[] row : rows.values()) {
            if (acked.contains(row[0])) {
                continue;
            }
            String outcome = ledger.failedCreates.get(row[1]);
            if (outcome != null && (outcome.equals("timeout") || outcome.equals("io-error"))) {
                doubt("in doubt rows", "in doubt: row " + row[0] + " (" + row[1] + "), its create was cut by a network error (" + outcome + ")");
            } else {
                fail("phantom rows", "phantom: row " + row[0] + " (" + row[1] + ") was never acknowledged; its create answered "
                        + (outcome == null ? "nothing this driver sent" : outcome));
            }
        }
    }

    /** The soak account's token rows, "id TAB name TAB revoked(t|f)" per line, by id. */
    private Map<String, String[]> readRows() throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(rowsFile)) {
            String[] f = line.split("\t", -1);
            if (f.length >= 3) {
                rows.put(f[0], f);
            }
        }
        return rows;
    }

    boolean waitReady() throws InterruptedException {
        long until = System.currentTimeMillis() + 1000L * Long.parseLong(SoakDriver.env("SOAK_READY_TIMEOUT", "120"));
        while (System.currentTimeMillis() < until) {
            if (http.send("GET", "/q/health/ready", null, null).status() == 200) {
                return true;
            }
            Thread.sleep(500);
        }
        failures.add("the service did not report ready within " + SoakDriver.env("SOAK_READY_TIMEOUT", "120") + " s after the load");
        failureCount.incrementAndGet();
        return false;
    }

    void checkToken(Token token) {
        User user = users.get(token.worker % users.size());
        Answer read = check("GET", API + "/" + token.id, user.jwt());
        boolean revokedNow = false;
        if (read.status() == 200) {
            Map<String, Object> body = JsonFields.of(read.body());
            if (body == null || !token.id.equals(body.get("id")) || !token.name.equals(body.get("name"))) {
                fail("creates not readable", "create " + token.id + ": GET answered another body: " + read.body());
            } else {
                count("creates readable");
                revokedNow = Boolean.TRUE.equals(body.get("revoked"));
            }
        } else {
            fail("creates not readable", "create " + token.id + " (" + token.name + "): GET answered " + read.label() + " " + read.body());
        }
        for (String old : token.old) {
            Answer use = check("GET", API + "/self", old);
            if (use.status() == 401) {
                count("rotated-away refused");
            } else {
                fail("rotated-away accepted", "a secret of " + token.id + " rotated away by an acknowledged rotation answered " + use.label());
            }
        }
        Answer use = check("GET", API + "/self", token.secret);
        if (token.revoked) {
            if (!revokedNow && read.status() == 200) {
                fail("revokes lost", "acknowledged revocation of " + token.id + " is not visible (revoked=false)");
            }
            if (use.status() == 401) {
                count("revokes refused");
            } else {
                fail("revokes not refused", "the secret of " + token.id + ", revoked by an acknowledged revocation, answered " + use.label());
            }
            return;
        }
        if (revokedNow) {
            // revoked without an acknowledged revocation
            if (token.revokeDoubt == Token.NETWORK_DOUBT) {
                doubt("in doubt revocations", "in doubt: " + token.id + " is revoked; its revocation was cut by a network error");
            } else if (token.revokeDoubt == Token.ERROR_DOUBT) {
                fail("phantom revocations", "phantom: " + token.id + " is revoked although its revocation answered an error status");
            } else {
                fail("phantom revocations", "phantom: " + token.id + " is revoked although no revocation was sent");
            }
            if (use.status() != 401) {
                fail("revokes not refused", "the secret of the revoked " + token.id + " answered " + use.label());
            }
            return;
        }
        if (use.status() == 200) {
            count("latest secrets accepted");
            return;
        }
        if (use.status() == 401 && token.rotateDoubt == Token.NETWORK_DOUBT) {
            doubt("in doubt rotations", "in doubt: " + token.id + "'s latest acknowledged secret is refused; a rotation of it was cut by a network error");
        } else if (use.status() == 401 && token.rotateDoubt == Token.ERROR_DOUBT) {
            fail("phantom rotations", "phantom: " + token.id + "'s latest acknowledged secret is refused, although its later rotation answered an error status");
        } else {
            fail("latest secrets refused", "the latest acknowledged secret of the live token " + token.id + " answered " + use.label());
        }
    }
}
