import java.nio.file.Path;

/**
 * The entry point of bench/soak.sh's load and checks, a multi-file source program
 * ({@code java bench/tools/soak/SoakDriver.java ...}, the other files of this folder compiled on
 * demand): the JDK that runs the service is all it needs.
 *
 * <pre>
 * java SoakDriver.java load BASE_URL USERS_FILE SECONDS WORKERS LEDGER_FILE
 *     WORKERS threads, each acting as one user of USERS_FILE ("&lt;user id&gt; &lt;JWT&gt;" per line, worker i
 *     is user i mod lines) on the tokens it created itself, for SECONDS: a random mix of create, read
 *     (GET by id with the JWT), use (the secret on /self; one in four probes a secret that must be
 *     refused), rotate and revoke. Only 2xx answers count as acknowledged; everything acknowledged,
 *     every failed write and every answer's status go to LEDGER_FILE.
 * java SoakDriver.java verify BASE_URL USERS_FILE LEDGER_FILE ROWS_FILE RSS_FILE WARMUP_SECONDS OUTAGE_FILE OUTAGE_SECONDS SERVICE_LOG
 *     Checks every acknowledged operation against the service (after waiting for readiness) and
 *     ROWS_FILE (the soak account's token rows, "id TAB name TAB revoked(t|f)"), reads the RSS samples
 *     ("seconds rss_kb" per line), the outage times ("stop_ms down_ms start_ms back_ms") and the
 *     service's log (whether the outage reached it), prints the summary and exits 1 when a check fails.
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

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        if (mode.equals("load") && args.length == 6) {
            new Workload(args[1], User.read(Path.of(args[2])), Integer.parseInt(args[3]), Integer.parseInt(args[4]))
                    .run(Path.of(args[5]));
        } else if (mode.equals("verify") && args.length == 10) {
            Ledger ledger = Ledger.read(Path.of(args[3]));
            Checks checks = new Checks(args[1], User.read(Path.of(args[2])), ledger, Path.of(args[4]));
            checks.run();
            Report report = new Report(ledger, checks, Path.of(args[5]), Integer.parseInt(args[6]), Path.of(args[7]),
                    Integer.parseInt(args[8]), Path.of(args[9]));
            System.exit(report.print() ? 0 : 1);
        } else {
            System.err.println("usage: SoakDriver load BASE USERS SECONDS WORKERS LEDGER"
                    + " | verify BASE USERS LEDGER ROWS RSS WARMUP_SECONDS OUTAGE OUTAGE_SECONDS SERVICE_LOG");
            System.exit(2);
        }
    }
}
