package dev.pat.platform.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Retries with Idempotency-Key ({@code pat.idempotency.*}, environment {@code PAT_IDEMPOTENCY_*}). */
@ConfigMapping(prefix = "pat.idempotency")
public interface IdempotencyConfig {

    /**
     * The AES-256 key the stored answers are encrypted with: 32 bytes, base64. Dev mode generates one
     * at first start; without one, a request with Idempotency-Key is refused (400
     * validation_failed, naming the header) and every other request works as before.
     */
    Optional<String> key();

    /** How long a first answer is given again to a retry with the same key, and kept. */
    @WithDefault("PT10M")
    Duration window();
}
