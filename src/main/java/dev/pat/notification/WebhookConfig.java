package dev.pat.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where and how webhooks are delivered ({@code pat.webhooks.*}, environment {@code PAT_WEBHOOKS_*}). */
@ConfigMapping(prefix = "pat.webhooks")
public interface WebhookConfig {

    /** Accept webhook URLs on loopback, private addresses and internal names, and deliver to them (tests, closed networks). */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /**
     * The bound of one delivery attempt as a whole: the name lookup, the connection, the answer's
     * head and the start of its body. Beyond it the attempt counts as failed ({@code timeout}) and is
     * tried again.
     */
    @WithDefault("PT5S")
    Duration timeout();

    /** Webhooks an account may hold; a create beyond answers 409 {@code too_many_webhooks}. Each is a copy of every event. */
    @WithDefault("100")
    int maxPerAccount();

    /**
     * Attempts to one receiver host under way at once on an instance; a few more wait their turn in
     * memory, and beyond those a delivery is handed back to the queue without counting as an attempt.
     */
    @WithDefault("4")
    int maxConcurrentPerHost();
}
