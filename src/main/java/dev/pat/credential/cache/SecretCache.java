package dev.pat.credential.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pat.credential.SecretCacheConfig;
import dev.pat.token.change.CachedSecrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What authentication needs to know of a secret, remembered after its first check so that the next
 * ones cost no SQL; bounded (Caffeine), keyed by the secret's digest (never the secret).
 *
 * <p>It is trusted only while this instance hears every change: each change that can turn a yes
 * into a no sends a notice on the token-change channel in its own transaction, and every instance
 * drops the entries concerned. While the listening connection is down the cache is empty and
 * bypassed (every check reads the database), so a lost notice can never keep a revoked secret
 * accepted. A read that raced with a change is not remembered: each drop moves a generation, and
 * an entry read under an older generation is discarded.
 */
@Singleton
public class SecretCache implements TokenChangeFeed.Listener, CachedSecrets {

    /** A secret's token as authentication sees it; expiry is checked against it at every use. */
    public record Entry(UUID tokenId, UUID userId, UUID accountId, String role, Set<String> scopes, Instant expiresAt,
            boolean revoked, Instant issuedAt, Instant lastUsedAt) {
    }

    private final Cache<String, Entry> entries;
    private final TokenChangeFeed feed;
    private final boolean enabled;
    private final Counter hits;
    private final Counter misses;
    private final Counter bypassed;
    private final Counter invalidations;
    private volatile boolean listening;
    private long generation;

    public SecretCache(SecretCacheConfig config, TokenChangeFeed feed, MeterRegistry registry) {
        this.feed = feed;
        this.enabled = config.maxEntries() > 0;
        this.entries = Caffeine.newBuilder().maximumSize(Math.max(1, config.maxEntries())).build();
        this.hits = registry.counter("pat_secret_cache_requests_total", "result", "hit");
        this.misses = registry.counter("pat_secret_cache_requests_total", "result", "miss");
        this.bypassed = registry.counter("pat_secret_cache_requests_total", "result", "bypassed");
        this.invalidations = registry.counter("pat_secret_cache_invalidations_total");
        Gauge.builder("pat_secret_cache_listener_up", this, cache -> cache.listening ? 1 : 0)
                .description("1 while this instance hears token changes (the cache is trusted), 0 while it reads the database")
                .register(registry);
        Gauge.builder("pat_secret_cache_entries", entries, Cache::estimatedSize).register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            feed.listen(this);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        feed.stop();
    }

    /** The remembered entry, or null when there is none or the cache cannot be trusted now. */
    public Entry get(String digest) {
        if (!listening) {
            bypassed.increment();
            return null;
        }
        Entry entry = entries.getIfPresent(digest);
        (entry == null ? misses : hits).increment();
        return entry;
    }

    /** The generation to give to {@link #put} for a read that starts now. */
    public synchronized long generation() {
        return generation;
    }

    /** Remembers what a read found, unless a change was heard since it began or nothing is heard. */
    public synchronized void put(String digest, Entry entry, long readAtGeneration) {
        if (listening && readAtGeneration == generation) {
            entries.put(digest, entry);
        }
    }

    @Override
    public void forgetToken(UUID tokenId) {
        drop(entry -> entry.tokenId().equals(tokenId));
    }

    @Override
    public void forgetUser(UUID userId) {
        drop(entry -> entry.userId().equals(userId));
    }

    private synchronized void drop(Predicate<Entry> concerned) {
        generation++;
        invalidations.increment();
        // Changes are rare next to checks; a scan of the bounded cache is the price of keying by digest.
        entries.asMap().values().removeIf(concerned);
    }

    @Override
    public void tokenChanged(UUID tokenId) {
        forgetToken(tokenId);
    }

    @Override
    public void userChanged(UUID userId) {
        forgetUser(userId);
    }

    @Override
    public synchronized void listening() {
        generation++;
        entries.invalidateAll();
        if (!listening) {
            Log.info("Listening for token changes: the secret cache is in use");
        }
        listening = true;
    }

    @Override
    public synchronized void deaf() {
        generation++;
        entries.invalidateAll();
        if (listening) {
            Log.warn("Token change notices lost: the secret cache is emptied and bypassed until listening again");
        }
        listening = false;
    }
}
