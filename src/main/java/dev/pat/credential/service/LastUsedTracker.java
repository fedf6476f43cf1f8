package dev.pat.credential.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pat.credential.repository.LastUseRepository;
import dev.pat.token.TokenConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records that a token was used, and from which client address, off the request's path: a use
 * goes into a bounded in-memory batch, written about once a second in one statement for all the
 * tokens in it. A token is queued at most once per interval, or sooner from a new address. When
 * the batch cannot be written (the database is away) it is dropped and counted, never retried and
 * never in a request's way; a full batch drops further uses the same way.
 */
@Singleton
public class LastUsedTracker {

    static final int MAX_ADDRESSES = LastUseRepository.MAX_ADDRESSES;
    private static final int MAX_PENDING = 10_000;
    static final int MAX_REMEMBERED = 20_000;
    private static final long FLUSH_EVERY_MS = 1000;

    /** What one token's next write holds: the latest use and its addresses, newest first. */
    private static final class Pending {
        Instant at;
        final List<String> addresses = new ArrayList<>();
    }

    private record Written(Instant at, String address) {
    }

    private final LastUseRepository uses;
    private final Vertx vertx;
    private final long intervalSeconds;
    /**
     * What was last queued per token, so that a token used again within the interval is not queued
     * again. A forgotten token costs at most one more write per interval. Full, with the pending
     * writes, it holds about 5 MB (bench/memory-bounds.sh).
     */
    private final Cache<UUID, Written> lastWritten = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();
    private final Map<UUID, Pending> pending = new LinkedHashMap<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Counter dropped;
    private final Counter written;
    private long timer = -1;

    public LastUsedTracker(LastUseRepository uses, Vertx vertx, TokenConfig config, MeterRegistry registry) {
        this.uses = uses;
        this.vertx = vertx;
        this.intervalSeconds = Math.max(1, config.lastUsedInterval().toSeconds());
        this.dropped = registry.counter("pat_last_used_writes_total", "outcome", "dropped");
        this.written = registry.counter("pat_last_used_writes_total", "outcome", "written");
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(FLUSH_EVERY_MS, id -> flush());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * @param lastUsedAt what the token's row said when it was read, to skip a use within the interval
     * @param address the client address, or null when there is none to record (an introspection)
     */
    void touch(UUID tokenId, Instant lastUsedAt, Instant now, String address) {
        Instant threshold = now.minusSeconds(intervalSeconds);
        Written previous = lastWritten.getIfPresent(tokenId);
        boolean newAddress = address != null && (previous == null || !address.equals(previous.address()));
        boolean recent = lastUsedAt != null && lastUsedAt.isAfter(threshold) || previous != null && previous.at().isAfter(threshold);
        if (recent && !newAddress) {
            return;
        }
        lastWritten.put(tokenId, new Written(recent && previous != null ? previous.at() : now, address));
        synchronized (pending) {
            Pending entry = pending.get(tokenId);
            if (entry == null) {
                if (pending.size() >= MAX_PENDING) {
                    dropped.increment();
                    return;
                }
                entry = new Pending();
                pending.put(tokenId, entry);
            }
            entry.at = entry.at == null || now.isAfter(entry.at) ? now : entry.at;
            if (address != null) {
                entry.addresses.remove(address);
                entry.addresses.add(0, address);
                if (entry.addresses.size() > MAX_ADDRESSES) {
                    entry.addresses.remove(MAX_ADDRESSES);
                }
            }
        }
    }

    /** Writes what is pending in one statement; one batch at a time. */
    void flush() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        Map<UUID, Pending> batch;
        synchronized (pending) {
            if (pending.isEmpty()) {
                flushing.set(false);
                return;
            }
            batch = new LinkedHashMap<>(pending);
            pending.clear();
        }
        UUID[] ids = new UUID[batch.size()];
        OffsetDateTime[] times = new OffsetDateTime[batch.size()];
        String[] addresses = new String[batch.size()];
        int i = 0;
        for (Map.Entry<UUID, Pending> entry : batch.entrySet()) {
            ids[i] = entry.getKey();
            times[i] = entry.getValue().at.atOffset(ZoneOffset.UTC);
            addresses[i] = String.join(",", entry.getValue().addresses);
            i++;
        }
        int size = batch.size();
        uses.write(ids, times, addresses, intervalSeconds)
                .subscribe().with(
                        rows -> {
                            written.increment(size);
                            flushing.set(false);
                        },
                        failure -> {
                            dropped.increment(size);
                            flushing.set(false);
                            Log.debugf("%d lastUsedAt writes dropped: %s", size, failure.getMessage());
                        });
    }
}
