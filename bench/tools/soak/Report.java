import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The soak's summary: the load's answers, the checks, whether the outage reached the service, the RSS series, and the verdict. */
final class Report {

    /** The service's WARN when a request first finds the database gone (its DatabaseOutages class). */
    static final String OUTAGE_LOG_LINE = "Database unavailable";

    private static final int[] WEIGHTS = SoakDriver.WEIGHTS;

    final Ledger ledger;
    final Checks checks;
    final Path rssFile, outageFile, serviceLog;
    final int warmup, outageSeconds;
    boolean rssFlat = true;

    Report(Ledger ledger, Checks checks, Path rssFile, int warmup, Path outageFile, int outageSeconds, Path serviceLog) {
        this.ledger = ledger;
        this.checks = checks;
        this.rssFile = rssFile;
        this.warmup = warmup;
        this.outageFile = outageFile;
        this.outageSeconds = outageSeconds;
        this.serviceLog = serviceLog;
    }

    private long counter(String name) {
        return checks.counter(name);
    }

    /** Prints the summary; true when everything passed. */
    boolean print() throws IOException {
        boolean ready = checks.ready;
        long start = ledger.startMs;
        PrintWriter out = new PrintWriter(System.out, true);
        out.println();
        out.println("== Soak summary ==");
        out.printf("Load: %d s, %d workers (one user each), mix create/read/use/rotate/revoke = %d/%d/%d/%d/%d%n",
                ledger.seconds, ledger.workers, WEIGHTS[0], WEIGHTS[1], WEIGHTS[2], WEIGHTS[3], WEIGHTS[4]);
        long stopMs = -1;
        if (Files.exists(outageFile)) {
            String[] f = Files.readString(outageFile).trim().split("\\s+");
            if (f.length == 4) {
                stopMs = Long.parseLong(f[0]);
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
        for (String kind : SoakDriver.KINDS) {
            long[] n = ledger.kinds.getOrDefault(kind, new long[2]);
            long s401 = ledger.status(kind, "401"), s503 = ledger.status(kind, "503"), s500 = ledger.status(kind, "500");
            long net = ledger.status(kind, "connect-error") + ledger.status(kind, "timeout") + ledger.status(kind, "io-error");
            long other = n[0] - n[1] - s401 - s503 - s500 - net;
            out.printf("  %-7s %9d %9d %6d %6d %6d %8d %6d%n", kind, n[0], n[1], s401, s503, s500, net, other);
        }
        out.println("  read = GET by id with the JWT; use = the latest secret on /self; dead = a rotated-away or revoked"
                + " secret on /self (must be 401, never 2xx)");
        out.println("  statuses: " + ledger.statuses);
        long s503 = ledger.statusAll("503"), s500 = ledger.statusAll("500");
        out.printf("503 answers: %d%s%n", s503, s503 == 0 ? "" : String.format(" (first at t=%.1f s, last at t=%.1f s)",
                (ledger.first503 - start) / 1000.0, (ledger.last503 - start) / 1000.0));
        boolean outageSeen = printOutageSeen(out, stopMs);
        out.printf("500 answers: %d  %s%n", s500, verdict(s500 == 0));
        long connect = ledger.statusAll("connect-error"), timeout = ledger.statusAll("timeout"), io = ledger.statusAll("io-error");
        out.printf("Network errors: connect %d, timeout %d, cut %d%s%n", connect, timeout, io,
                ledger.firstNet < 0 ? "" : String.format(" (first at t=%.1f s, last at t=%.1f s)",
                        (ledger.firstNet - start) / 1000.0, (ledger.lastNet - start) / 1000.0));
        out.printf("Unexpected answers during the load: %d  %s%n", ledger.unexpectedCount, verdict(ledger.unexpectedCount == 0));
        for (String line : ledger.unexpected) {
            out.println("    " + line);
        }
        out.println();
        long creates = ledger.tokens.size();
        long revokes = ledger.tokens.stream().filter(t -> t.revoked).count();
        long rotatedAway = ledger.tokens.stream().mapToLong(t -> t.old.size()).sum();
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
        out.printf("Database: %d token rows in the soak account; %d acknowledged creates%n", checks.rowCount, creates);
        out.printf("  lost (acknowledged, no row or change missing):   %d  %s%n", counter("lost") + counter("lost revocations"),
                verdict(counter("lost") + counter("lost revocations") == 0));
        long phantom = counter("phantom rows") + counter("phantom revocations") + counter("phantom rotations");
        out.printf("  phantom (done, never acknowledged, not cut):     %d (rows %d, revocations %d, rotations %d)  %s%n", phantom,
                counter("phantom rows"), counter("phantom revocations"), counter("phantom rotations"), verdict(phantom == 0));
        out.printf("  in doubt (done, request cut by the network):     %d (rows %d, revocations %d, rotations %d)%n",
                counter("in doubt rows") + counter("in doubt revocations") + counter("in doubt rotations"),
                counter("in doubt rows"), counter("in doubt revocations"), counter("in doubt rotations"));
        out.printf("  failed creates (error answer or cut):            %d%n", ledger.failedCreates.size());
        if (counter("retried check requests") > 0) {
            out.printf("  (check requests retried after a 503 or a network error: %d)%n", counter("retried check requests"));
        }
        for (String line : checks.doubts) {
            out.println("    " + line);
        }
        out.println();
        printRss(out);
        out.println();
        if (!checks.failures.isEmpty()) {
            out.println("Failures (first " + checks.failures.size() + " of " + checks.failureCount.get() + "):");
            for (String line : checks.failures) {
                out.println("    " + line);
            }
        }
        boolean pass = ready && checks.failureCount.get() == 0 && ledger.unexpectedCount == 0 && s500 == 0 && rssFlat && outageSeen;
        out.println("RESULT: " + (pass ? "PASS" : "FAIL"));
        return pass;
    }

    /**
     * Whether the outage reached the service, so that the checks say something about it: a 503 answered
     * at or after the stop, and the service's "Database unavailable" WARN (logged at the first 503 of an
     * outage). A restart (SOAK_OUTAGE_SECONDS=0) is short enough to fall between two requests: one of the
     * two is enough there.
     */
    private boolean printOutageSeen(PrintWriter out, long stopMs) throws IOException {
        boolean answered503 = stopMs >= 0 && ledger.last503 >= stopMs;
        long logLines = 0;
        if (Files.exists(serviceLog)) {
            try (Stream<String> lines = Files.lines(serviceLog, StandardCharsets.ISO_8859_1)) { // any bytes: only ASCII is sought
                logLines = lines.filter(line -> line.contains(OUTAGE_LOG_LINE)).count();
            }
        }
        boolean restart = outageSeconds == 0;
        boolean seen = stopMs >= 0 && (restart ? answered503 || logLines > 0 : answered503 && logLines > 0);
        out.printf("Outage reached the service (%s): 503 since the stop %s, '%s' log lines %d  %s%n",
                restart ? "restart: a 503 after it or the service's outage WARN" : "a 503 after the stop and the service's outage WARN",
                answered503 ? "yes" : "no", OUTAGE_LOG_LINE, logLines, verdict(seen));
        if (!seen) {
            out.println(stopMs < 0
                    ? "    FAIL: the database was never stopped during the load (no outage file): nothing was tested across an outage"
                    : "    FAIL: the fault was not observed by the service: nothing above was tested across an outage");
        }
        return seen;
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
