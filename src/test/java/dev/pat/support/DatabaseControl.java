package dev.pat.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the real embedded PostgreSQL of the tests with its own pg_ctl, the way an
 * outage happens: the server goes away and comes back on the same port with the same data.
 * The command line it was started with is in postmaster.opts in its data directory.
 */
public final class DatabaseControl {

    private static final Path DATA = Path.of("target/test-postgres").toAbsolutePath();

    private DatabaseControl() {
    }

    public static void stop() {
        run(List.of(pgCtl(), "-D", DATA.toString(), "-m", "fast", "-w", "stop"));
    }

    public static void start() {
        List<String> options = postmasterOptions();
        run(List.of(pgCtl(), "-D", DATA.toString(), "-w", "-l", DATA.resolveSibling("test-postgres.log").toString(),
                "-o", String.join(" ", options), "start"));
    }

    /** The postmaster's arguments after the data directory option, e.g. -p 5432 -F -c x=y. */
    private static List<String> postmasterOptions() {
        List<String> words = words();
        List<String> options = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i).equals("-D")) {
                i++;
                continue;
            }
            options.add(words.get(i));
        }
        return options;
    }

    private static String pgCtl() {
        return Path.of(words().get(0)).resolveSibling("pg_ctl").toString();
    }

    /** postmaster.opts holds: "/path/bin/postgres" "-D" "/data" "-p" "1234" ... */
    private static List<String> words() {
        try {
            String line = Files.readString(DATA.resolve("postmaster.opts")).trim();
            List<String> words = new ArrayList<>();
            for (String word : line.split("\" \"|\" |\"")) {
                if (!word.isBlank()) {
                    words.addAll(word.startsWith("-") && word.contains(" ") ? Arrays.asList(word.split(" ")) : List.of(word.trim()));
                }
            }
            return words;
        } catch (IOException e) {
            throw new IllegalStateException("The embedded PostgreSQL of the tests has no postmaster.opts in " + DATA, e);
        }
    }

    private static void run(List<String> arguments) {
        // As root, pg_ctl refuses to run; like the embedded server itself, run it in a user namespace.
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(arguments);
        try {
            // The server started by pg_ctl keeps its output open: read pg_ctl's through a file, not a pipe.
            Path output = Files.createTempFile("pg_ctl", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Failed: " + command + "\n" + Files.readString(output));
            }
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
