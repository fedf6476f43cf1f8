package dev.pat.http.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LockFreeBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The request limits, in memory: a token bucket (Bucket4j) per client address before
 * authentication and per authenticated identity after it, each refilled smoothly over its period,
 * so there is no window edge to burst across. Buckets live in a bounded cache (Caffeine): constant
 * work per request, and at most {@code max-tracked} keys per limit whatever a flood of distinct
 * keys does. Each replica counts on its own: N replicas allow up to N times a limit.
 */
@ApplicationScoped
public class RateLimiter {

    /** The verdict for one request under one limit, with what the rate-limit headers tell. */
    public record Decision(String policy, boolean allowed, long limit, Duration period, long remaining, Instant reset,
            long resetSeconds, long retryAfterSeconds) {
    }

    /** One limit: a capacity refilled over a period, per key. */
    public final class Limit {

        private final String policy;
        private final long capacity;
        private final Duration period;
        /** One configuration shared by every key's bucket: a bucket then holds only its own state. */
        private final BucketConfiguration configuration;
        private final Cache<String, Bucket> buckets;

        Limit(String policy, long capacity, Duration period, int maxTracked) {
            this.policy = policy;
            this.capacity = Math.max(1, capacity);
            this.period = period.isZero() || period.isNegative() ? Duration.ofSeconds(1) : period;
            this.configuration = BucketConfiguration.builder()
                    .addLimit(limit -> limit.capacity(this.capacity).refillGreedy(this.capacity, this.period))
                    .build();
            // A bucket untouched for a whole period is full again: forgetting it changes nothing.
            this.buckets = Caffeine.newBuilder().maximumSize(maxTracked).expireAfterAccess(this.period).build();
        }

        public Decision acquire(String key) {
            // What Bucket.builder() builds, minus a configuration of its own per key (bench/memory-bounds.sh).
            Bucket bucket = buckets.get(key, ignored -> new LockFreeBucket(configuration, MathType.INTEGER_64_BITS, time,
                    BucketListener.NOPE));
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            long remaining = probe.getRemainingTokens();
            long nanosToFull = (capacity - remaining) * period.toNanos() / capacity;
            long retryAfter = probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill()));
            return new Decision(policy, probe.isConsumed(), capacity, period, remaining, clock.instant().plusNanos(nanosToFull),
                    seconds(nanosToFull), retryAfter);
        }

        /** How many keys are remembered now (after pending evictions). */
        long tracked() {
            buckets.cleanUp();
            return buckets.estimatedSize();
        }
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    private final boolean enabled;
    private final InstantSource clock;
    private final TimeMeter time;
    private final Limit address;
    private final Limit identity;
    private final Limit leakedReports;

    @Inject
    public RateLimiter(RateLimitConfig limits, InstantSource clock) {
        this.enabled = limits.enabled();
        this.clock = clock;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.address = new Limit("address", limits.addressRequests(), limits.addressPeriod(), limits.maxTracked());
        this.identity = new Limit("identity", limits.identityRequests(), limits.identityPeriod(), limits.maxTracked());
        this.leakedReports = new Limit("leaked-reports", limits.leakedReportRequests(), limits.leakedReportPeriod(),
                limits.maxTracked());
    }

    public boolean enabled() {
        return enabled;
    }

    /** Per client address, before authentication. */
    public Limit address() {
        return address;
    }

    /** Leaked-token reports per client address, beside the address limit. */
    public Limit leakedReports() {
        return leakedReports;
    }

    /** Per authenticated identity. */
    public Limit identity() {
        return identity;
    }
}
