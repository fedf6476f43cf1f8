package dev.pat.credential.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pat.credential.SecretCacheConfig;
import dev.pat.platform.Cidr;
import dev.pat.token.change.CachedSecrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What authentication needs to know of a secret, remembered after its first check so that the next
 * ones cost no SQL; bounded (Caffeine), keyed by the secret's digest (never the secret).
 *
 * <p>It is trusted only while this instance provably hears every change: each change that can turn
 * a yes into a no sends a notice on the token-change channel in its own transaction, and every
 * instance drops the entries concerned. The {@link TokenChangeFeed} proves its connection alive
 * every couple of seconds; when it cannot, the memory is bypassed (every check reads the database)
 * until the feed listens again, and then emptied, since notices may have been missed meanwhile. No
 * entry lives longer than the maximum age, whatever the feed says. A read that raced with a change
 * is not remembered: each drop moves a generation, and an entry read under an older one is dropped.
 *
 * <p>Fail static: while the feed is lost and the database cannot be reached, an entry remembered
 * before may still answer for {@code stale-if-error} after the feed's last proof of life, never
 * longer; a metric and a log line say so.
 */
@Singleton
public class SecretCache implements TokenChangeFeed.Listener, CachedSecrets {

    /**
     * A secret's token as authentication sees it; expiry is checked against it at every use.
     *
     * @param formerSecret    the secret is one a rotation replaced (in its grace period, or after it: a reuse)
     * @param allowedNetworks where the secret may be used from; empty: anywhere. Carried here so that a check
     *                        answered from memory enforces them as a check from the database does
     */
    public record Entry(UUID tokenId, UUID userId, UUID accountId, String role, Set<String> scopes, Instant expiresAt,
            boolean revoked, Instant issuedAt, Instant lastUsedAt, boolean formerSecret, List<Cidr> allowedNetworks) {

        /** Whether the secret may be used from this client address; an unknown address (null) only when any is allowed. */
        public boolean allowsAddress(String address) {
            return allowedNetworks.isEmpty() || address != null && Cidr.anyContains(allowedNetworks, address);
        }
    }

    private final Cache<String, Entry> entries;
    private final TokenChangeFeed feed;
    private final InstantSource clock;
    private final boolean enabled;
    private final Duration staleIfError;
    private final Counter hits;
    private final Counter misses;
    private final Counter bypassed;
    private final Counter stale;
    private final Counter invalidations;
    private volatile boolean listening;
    private volatile Instant lastProofOfLife;
    private volatile boolean servingStale;
    private long generation;

    public SecretCache(SecretCacheConfig config, TokenChangeFeed feed, InstantSource clock, MeterRegistry registry) {
        this.feed = feed;
        this.clock = clock;
        this.enabled = config.maxEntries() > 0;
        this.staleIfError = config.staleIfError();
        this.entries = Caffeine.newBuilder().maximumSize(Math.max(1, config.maxEntries()))
                // Age on the service's clock, so that a test can move it.
                .expireAfterWrite(config.maxAge()).ticker(() -> nanos(clock.instant()))
                .build();
        this.hits = registry.counter("pat_secret_cache_requests_total", "result", "hit");
        this.misses = registry.counter("pat_secret_cache_requests_total", "result", "miss");
        this.bypassed = registry.counter("pat_secret_cache_requests_total", "result", "bypassed");
        this.stale = registry.counter("pat_secret_cache_requests_total", "result", "stale");
        this.invalidations = registry.counter("pat_secret_cache_invalidations_total");
        Gauge.builder("pat_secret_cache_listener_up", this, cache -> cache.listening ? 1 : 0)
                .description("1 while this instance provably hears token changes (the memory is trusted), 0 while it reads the database")
                .register(registry);
        Gauge.builder("pat_secret_cache_serving_stale", this, cache -> cache.servingStale ? 1 : 0)
                .description("1 while secrets are answered from memory because the database cannot be reached")
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

    /** The remembered entry, or null when there is none or the memory cannot be trusted now. */
    public Entry get(String digest) {
        if (!listening) {
            bypassed.increment();
            return null;
        }
        Entry entry = entries.getIfPresent(digest);
        (entry == null ? misses : hits).increment();
        return entry;
    }

    /**
     * For a check whose database read failed because the database is unreachable: the entry
     * remembered before the feed was lost, while the stale window since its last proof of life is
     * open; null otherwise (then the check fails as the database did).
     */
    public Entry stale(String digest) {
        if (listening || staleIfError.isZero() || lastProofOfLife == null) {
            return null;
        }
        Instant until = lastProofOfLife.plus(staleIfError);
        if (clock.instant().isAfter(until)) {
            if (servingStale) {
                servingStale = false;
                Log.warnf("The stale window closed at %s: secrets are no longer answered from memory while the database is away",
                        until);
            }
            return null;
        }
        Entry entry = entries.getIfPresent(digest);
        if (entry == null) {
            return null;
        }
        stale.increment();
        if (!servingStale) {
            servingStale = true;
            Log.warnf("The database is unreachable: secrets checked before %s are answered from memory until %s"
                    + " (PAT_SECRET_CACHE_STALE_IF_ERROR); any other check answers 503", lastProofOfLife, until);
        }
        return entry;
    }

    /** The generation to give to {@link #put} for a read that starts now. */
    public synchronized long generation() {
        return generation;
    }

    /**
     * Remembers what a read found, unless a change was heard since it began. While the feed is lost
     * the entry is not served (the memory is bypassed), but it replaces the one kept for a stale
     * answer, so that an answer from memory is as fresh as the last read the database gave.
     */
    public synchronized void put(String digest, Entry entry, long readAtGeneration) {
        if (readAtGeneration == generation && (listening || !staleIfError.isZero())) {
            entries.put(digest, entry);
        }
    }

    /** The database knows no such secret (any more): nothing may be answered for it from memory. */
    public void absent(String digest) {
        entries.invalidate(digest);
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
        alive();
        forgetToken(tokenId);
    }

    @Override
    public void userChanged(UUID userId) {
        alive();
        forgetUser(userId);
    }

    @Override
    public void alive() {
        lastProofOfLife = clock.instant();
    }

    @Override
    public synchronized void listening() {
        generation++;
        // Notices may have been missed while the feed was lost: nothing remembered before counts.
        entries.invalidateAll();
        lastProofOfLife = clock.instant();
        servingStale = false;
        if (!listening) {
            Log.info("Listening for token changes: the secret cache is in use");
        }
        listening = true;
    }

    @Override
    public synchronized void deaf() {
        generation++;
        if (staleIfError.isZero()) {
            entries.invalidateAll();
        }
        if (listening) {
            Log.warn("Token change notices lost: the secret cache is bypassed until listening again");
        }
        listening = false;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
