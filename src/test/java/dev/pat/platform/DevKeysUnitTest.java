package dev.pat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev-mode signing key pair is private to the account that runs the service: the private key
 * rw-------, its directory rwx------, when generated and when found with looser permissions.
 */
class DevKeysUnitTest {

    @TempDir
    Path temp;

    @Test
    void aGeneratedPairIsReadableByItsOwnerOnly() throws Exception {
        Path directory = temp.resolve(".pat-data/dev-keys");
        DevKeysConfigSourceFactory.KeyPairFiles keys = DevKeysConfigSourceFactory.ensureKeyPair(directory);
        assertEquals("rw-------", permissions(keys.privateKey()));
        assertEquals("rwx------", permissions(directory));
        assertEquals("-----BEGIN PRIVATE KEY-----", Files.readAllLines(keys.privateKey()).get(0));
    }

    @Test
    void theIdempotencyKeyIsGeneratedOnceOwnerOnlyAndKept() throws Exception {
        Path directory = temp.resolve(".pat-data/dev-keys");
        String key = DevKeysConfigSourceFactory.ensureIdempotencyKey(directory);
        assertEquals(32, java.util.Base64.getDecoder().decode(key).length);
        assertEquals("rw-------", permissions(directory.resolve("idempotency-key")));
        // A restart (or a hot reload) keeps it: answers stored before stay readable.
        assertEquals(key, DevKeysConfigSourceFactory.ensureIdempotencyKey(directory));
    }

    @Test
    void aPairWrittenBeforeWithLooserPermissionsIsTightened() throws Exception {
        Path directory = temp.resolve("dev-keys");
        DevKeysConfigSourceFactory.KeyPairFiles first = DevKeysConfigSourceFactory.ensureKeyPair(directory);
        String privateKey = Files.readString(first.privateKey());
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(first.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));

        DevKeysConfigSourceFactory.KeyPairFiles again = DevKeysConfigSourceFactory.ensureKeyPair(directory);
        assertEquals(privateKey, Files.readString(again.privateKey()), "the same pair, kept");
        assertEquals("rw-------", permissions(again.privateKey()));
        assertEquals("rwx------", permissions(directory));
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
