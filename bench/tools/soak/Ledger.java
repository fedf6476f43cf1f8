import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The ledger the load hands to the checks: every acknowledged operation, failed create and answer count (a tab-separated file). */
final class Ledger {

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

    static Ledger read(Path file) throws IOException {
        Ledger ledger = new Ledger();
        Map<String, Token> byId = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "R" -> {
                    ledger.startMs = Long.parseLong(f[1]);
                    ledger.endMs = Long.parseLong(f[2]);
                    ledger.workers = Integer.parseInt(f[3]);
                    ledger.seconds = Integer.parseInt(f[4]);
                }
                case "X" -> {
                    ledger.first503 = Long.parseLong(f[1]);
                    ledger.last503 = Long.parseLong(f[2]);
                    ledger.firstNet = Long.parseLong(f[3]);
                    ledger.lastNet = Long.parseLong(f[4]);
                    ledger.unexpectedCount = Long.parseLong(f[5]);
                }
                case "T" -> {
                    Token t = new Token(f[1], Integer.parseInt(f[2]), f[3], f[4]);
                    t.revoked = f[5].equals("1");
                    t.rotateDoubt = Integer.parseInt(f[6]);
                    t.revokeDoubt = Integer.parseInt(f[7]);
                    ledger.tokens.add(t);
                    byId.put(t.id, t);
                }
                case "O" -> byId.get(f[1]).old.add(f[2]);
                case "F" -> ledger.failedCreates.put(f[1], f[2]);
                case "K" -> ledger.kinds.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                case "H" -> ledger.statuses.put(f[1] + " " + f[2], Long.parseLong(f[3]));
                case "E" -> ledger.unexpected.add(f[1]);
                default -> {
                }
            }
        }
        return ledger;
    }

    long status(String kind, String status) {
        return statuses.getOrDefault(kind + " " + status, 0L);
    }

    long statusAll(String status) {
        long n = 0;
        for (String kind : SoakDriver.KINDS) {
            n += status(kind, status);
        }
        return n;
    }
}
