package dev.pat.security;

import dev.pat.config.PatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window request counting per client key (a credential or an address), in memory: no
 * database round trip per request. Each instance counts on its own, so N replicas allow up to N
 * times the limit; the limit is a guard against floods, not a billing meter.
 */
@ApplicationScoped
public class RateLimiter {

    /** The verdict for one request, with what the X-Rate-Limit headers tell. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private static final class Window {
        final long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }

    private final boolean enabled;
    private final int limit;
    private final long windowMillis;
    private final int maxTracked;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(PatConfig config, InstantSource clock) {
        this.clock = clock;
        this.enabled = config.rateLimit().enabled();
        this.limit = config.rateLimit().requests();
        this.windowMillis = Math.max(1, config.rateLimit().window().toMillis());
        this.maxTracked = config.rateLimit().maxTracked();
    }

    public boolean enabled() {
        return enabled;
    }

    public Decision acquire(String key) {
        long nowMillis = clock.millis();
        long windowStart = nowMillis - (nowMillis % windowMillis);
        if (windows.size() >= maxTracked) {
            windows.values().removeIf(window -> window.start < windowStart);
        }
        int[] count = new int[1];
        windows.compute(key, (ignored, window) -> {
            Window current = window == null || window.start != windowStart ? new Window(windowStart) : window;
            current.count++;
            count[0] = current.count;
            return current;
        });
        long reset = Math.max(1, (windowStart + windowMillis - nowMillis + 999) / 1000);
        return new Decision(count[0] <= limit, limit, Math.max(0, limit - count[0]), reset);
    }
}
