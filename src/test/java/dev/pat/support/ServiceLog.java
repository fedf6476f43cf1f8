package dev.pat.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/** The log of the service under test: Quarkus' launchers write it where the tests' configuration says, maybe rotated. */
public final class ServiceLog {

    private ServiceLog() {
    }

    /** Every line written so far, the rotated files included. */
    public static String read() throws IOException {
        Path file = Path.of(ConfigProvider.getConfig().getOptionalValue("quarkus.log.file.path", String.class).orElse("target/quarkus.log"));
        StringBuilder log = new StringBuilder();
        try (Stream<Path> files = Files.list(file.toAbsolutePath().getParent())) {
            for (Path rotated : files.filter(f -> f.getFileName().toString().startsWith(file.getFileName().toString())).sorted().toList()) {
                log.append(Files.readString(rotated)).append('\n');
            }
        }
        return log.toString();
    }
}
