package dev.pat.service;

import dev.pat.config.PatConfig;
import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records that a token was used, at most once per interval per token and off the response's
 * path: the request does not wait for the write. The UPDATE's own condition keeps the interval
 * across several instances; the in-memory map spares the database the statements that would
 * find nothing to do.
 */
@ApplicationScoped
public class LastUsedTracker {

    private static final int MAX_REMEMBERED = 100_000;

    private final Pool pool;
    private final long intervalSeconds;
    private final ConcurrentHashMap<UUID, Instant> lastWritten = new ConcurrentHashMap<>();

    public LastUsedTracker(Pool pool, PatConfig config) {
        this.pool = pool;
        this.intervalSeconds = Math.max(1, config.tokens().lastUsedInterval().toSeconds());
    }

    void touch(UUID tokenId, Instant lastUsedAt, Instant now) {
        Instant threshold = now.minusSeconds(intervalSeconds);
        if (lastUsedAt != null && lastUsedAt.isAfter(threshold)) {
            return;
        }
        Instant previous = lastWritten.get(tokenId);
        if (previous != null && previous.isAfter(threshold)) {
            return;
        }
        if (lastWritten.size() > MAX_REMEMBERED) {
            lastWritten.clear();
        }
        lastWritten.put(tokenId, now);
        // The service's clock, like every other time the service writes; the condition keeps the
        // interval when several instances see the same token.
        pool.preparedQuery("update personal_access_token set last_used_at = $3::timestamptz"
                        + " where id = $1 and (last_used_at is null or last_used_at < $3::timestamptz - make_interval(secs => $2))")
                .execute(Tuple.of(tokenId, (double) intervalSeconds, now.atOffset(ZoneOffset.UTC)))
                .subscribe().with(
                        ignored -> { },
                        failure -> Log.debugf("lastUsedAt of token %s not recorded: %s", tokenId, failure.getMessage()));
    }
}
