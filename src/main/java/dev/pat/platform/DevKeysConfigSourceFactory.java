package dev.pat.platform;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In dev mode only, generates the JWT signing key pair at first start (never committed) and
 * points SmallRye JWT at it, so that the service can print a ready-to-use token for the demo
 * admin. Every other profile must be given its verification key.
 */
public class DevKeysConfigSourceFactory implements ConfigSourceFactory {

    private static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    private static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || isSet(context, PUBLIC_KEY_LOCATION) || isSet(context, "mp.jwt.verify.publickey")) {
            return List.of();
        }
        Path directory = Path.of(".pat-data", "dev-keys").toAbsolutePath();
        Path privateKey = directory.resolve("private-key.pem");
        Path publicKey = directory.resolve("public-key.pem");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            generate(directory, privateKey, publicKey);
        }
        return List.of(new MapBackedConfigSource("pat-dev-keys", Map.of(
                PUBLIC_KEY_LOCATION, publicKey.toUri().toString(),
                SIGN_KEY_LOCATION, privateKey.toUri().toString()), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static void generate(Path directory, Path privateKey, Path publicKey) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(directory);
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate the dev JWT key pair", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the dev JWT key pair to " + directory, e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
