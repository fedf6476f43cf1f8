package dev.pat.http.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The request limits ({@code pat.rate-limit.*}, environment {@code PAT_RATE_LIMIT_*}). */
@ConfigMapping(prefix = "pat.rate-limit")
public interface RateLimitConfig {

    /** Apply the limits below and answer 429 past them; false turns every limit off. */
    @WithDefault("true")
    boolean enabled();

    /** Per client address, before authentication: the seed platform's published rule, 50 per 5 seconds. */
    @WithDefault("50")
    int addressRequests();

    @WithDefault("PT5S")
    Duration addressPeriod();

    /** Per authenticated identity (the token for a secret, the subject for a JWT), whatever address it comes from. */
    @WithDefault("50")
    int identityRequests();

    @WithDefault("PT5S")
    Duration identityPeriod();

    /** Leaked-token reports (unauthenticated) per client address. */
    @WithDefault("60")
    int leakedReportRequests();

    @WithDefault("PT1H")
    Duration leakedReportPeriod();

    /**
     * How many keys each limit remembers at most (Caffeine's admission keeps the busiest). A
     * forgotten key starts again with a full bucket, so the bound can only ever let more through,
     * never refuse more (bench/memory-bounds.sh measures what the bound holds).
     */
    @WithDefault("20000")
    int maxTracked();
}
