package dev.pat.platform.database.embedded;

import dev.pat.platform.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The two generated passwords of the embedded cluster, each kept readable by its owner only in the
 * data directory: the superuser's ({@value #SUPERUSER_FILE}), which only the service's own set-up
 * uses, and the service role's ({@value #SERVICE_FILE}), which the service connects with.
 *
 * <p>A data directory written by an earlier version holds one of two older layouts: a single
 * {@value #SERVICE_FILE} that was the superuser's password (the service connected as the
 * superuser), which becomes {@value #SUPERUSER_FILE}; or no password at all (the cluster trusted
 * loopback), whose superuser then gets one without the cluster ever being started open
 * ({@link EmbeddedPostgresSingleUser}).
 */
record EmbeddedPostgresPasswords(String superuser, String service, Layout layout) {

    static final String SUPERUSER_FILE = "superuser-password";
    static final String SERVICE_FILE = "pat-service-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the data directory held, and so what the start must do before the server runs. */
    enum Layout {
        /** A new cluster: initdb gives the superuser its password. */
        NEW,
        /** Both passwords in place (the role may still have to be made, see {@link EmbeddedPostgresServiceRole}). */
        CURRENT,
        /** One password file, the superuser's: it is renamed, and the service role gets its own. */
        SUPERUSER_ONLY,
        /** No password at all: the superuser gets one in single-user mode, never over a connection. */
        NONE
    }

    /** The passwords for this data directory: read, carried over from an older layout, or generated. */
    static EmbeddedPostgresPasswords of(Path directory, boolean newCluster) {
        if (newCluster) {
            return new EmbeddedPostgresPasswords(generate(), generate(), Layout.NEW);
        }
        Path superuserFile = directory.resolve(SUPERUSER_FILE);
        Path serviceFile = directory.resolve(SERVICE_FILE);
        if (Files.exists(superuserFile)) {
            return new EmbeddedPostgresPasswords(read(superuserFile),
                    Files.exists(serviceFile) ? read(serviceFile) : generate(), Layout.CURRENT);
        }
        if (Files.exists(serviceFile)) {
            return new EmbeddedPostgresPasswords(read(serviceFile), generate(), Layout.SUPERUSER_ONLY);
        }
        return new EmbeddedPostgresPasswords(generate(), generate(), Layout.NONE);
    }

    /** The service role's password of a server this JVM already runs. */
    static String service(Path directory) {
        return read(directory.resolve(SERVICE_FILE));
    }

    /** Writes both files, owner-only; the superuser's first, so that an interrupted write loses neither. */
    void write(Path directory) {
        try {
            PrivateFiles.write(directory.resolve(SUPERUSER_FILE), superuser);
            PrivateFiles.write(directory.resolve(SERVICE_FILE), service);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the embedded PostgreSQL's passwords in " + directory, e);
        }
    }

    private static String read(Path file) {
        try {
            PrivateFiles.tighten(file);
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the embedded PostgreSQL's password file " + file, e);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        // Never the passwords themselves, should a record ever be logged.
        return "EmbeddedPostgresPasswords[" + layout + "]";
    }
}
