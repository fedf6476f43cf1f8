package dev.pat.platform;

import dev.pat.platform.files.PrivateFiles;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In dev mode only, generates the JWT signing key pair and the idempotency key at first start (never committed, readable by
 * its owner only) and points SmallRye JWT at it, so that the service can print a ready-to-use token
 * for the demo admin. Every other profile must be given its verification key.
 */
public class DevKeysConfigSourceFactory implements ConfigSourceFactory {

    private static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    private static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    private static final String IDEMPOTENCY_KEY = "pat.idempotency.key";
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")) {
            return List.of();
        }
        Path directory = Path.of(".pat-data", "dev-keys").toAbsolutePath();
        Map<String, String> values = new HashMap<>();
        if (!isSet(context, PUBLIC_KEY_LOCATION) && !isSet(context, "mp.jwt.verify.publickey")) {
            KeyPairFiles keys = ensureKeyPair(directory);
            values.put(PUBLIC_KEY_LOCATION, keys.publicKey().toUri().toString());
            values.put(SIGN_KEY_LOCATION, keys.privateKey().toUri().toString());
        }
        if (!isSet(context, IDEMPOTENCY_KEY)) {
            values.put(IDEMPOTENCY_KEY, ensureIdempotencyKey(directory));
        }
        return values.isEmpty() ? List.of() : List.of(new MapBackedConfigSource("pat-dev-keys", values, ORDINAL) {
        });
    }

    /**
     * The AES key idempotent answers are encrypted with in dev mode: generated at first start beside
     * the JWT pair, its owner's only, and kept, so that a retry after a hot reload still finds its answer.
     */
    static String ensureIdempotencyKey(Path directory) {
        Path file = directory.resolve("idempotency-key");
        try {
            PrivateFiles.directory(directory);
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                PrivateFiles.write(file, Base64.getEncoder().encodeToString(key) + "\n");
            } else {
                PrivateFiles.tighten(file);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the dev idempotency key to " + directory, e);
        }
    }

    /** Where the pair is kept. */
    record KeyPairFiles(Path privateKey, Path publicKey) {
    }

    /**
     * The key pair in the directory, generated there when missing. The directory and both keys are
     * its owner's only (rwx------, rw-------): whoever reads the private key signs administrator
     * tokens for this dev instance. A pair written by an earlier version, with default permissions,
     * is tightened.
     */
    static KeyPairFiles ensureKeyPair(Path directory) {
        Path privateKey = directory.resolve("private-key.pem");
        Path publicKey = directory.resolve("public-key.pem");
        try {
            PrivateFiles.directory(directory);
            if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
                generate(privateKey, publicKey);
            } else {
                PrivateFiles.tighten(privateKey);
                PrivateFiles.tighten(publicKey);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the dev JWT key pair to " + directory, e);
        }
        return new KeyPairFiles(privateKey, publicKey);
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static void generate(Path privateKey, Path publicKey) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate the dev JWT key pair", e);
        }
        PrivateFiles.write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        PrivateFiles.write(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
