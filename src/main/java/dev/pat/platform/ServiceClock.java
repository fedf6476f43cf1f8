package dev.pat.platform;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/**
 * The one clock the service measures its own windows and intervals with (rate-limit windows, the
 * verified-JWT memory, the lastUsedAt interval, token expiry at authentication). A bean, not
 * {@code Instant.now()}, so that a test can drive the time instead of depending on where the wall
 * clock stands.
 */
@Singleton
public class ServiceClock {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }
}
