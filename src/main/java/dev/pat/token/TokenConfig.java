package dev.pat.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The deployment's rules for every token ({@code pat.tokens.*}, environment {@code PAT_TOKENS_*}). */
@ConfigMapping(prefix = "pat.tokens")
public interface TokenConfig {

    /** The longest lifetime a new or rotated token may have; empty = no maximum. */
    Optional<Duration> maxLifetime();

    /** How often at most lastUsedAt is written for one token. */
    @WithDefault("PT1M")
    Duration lastUsedInterval();

    /** How many active (not revoked, not expired) tokens one user may hold. */
    @WithDefault("100")
    int maxActivePerUser();
}
