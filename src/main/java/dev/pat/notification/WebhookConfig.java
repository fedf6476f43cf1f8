package dev.pat.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where and how webhooks are delivered ({@code pat.webhooks.*}, environment {@code PAT_WEBHOOKS_*}). */
@ConfigMapping(prefix = "pat.webhooks")
public interface WebhookConfig {

    /** Accept webhook URLs on loopback and private addresses, and deliver to them (tests, closed networks). */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** How long one delivery may take before it counts as failed and is tried again. */
    @WithDefault("PT5S")
    Duration timeout();
}
