package dev.pat.listing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What one account's lists may ask of the database ({@code pat.lists.*}, environment {@code PAT_LISTS_*}). */
@ConfigMapping(prefix = "pat.lists")
public interface ListConfig {

    /**
     * How many list queries of one account may run at once on this instance; beyond, 429. A heavy
     * filter holds a pooled connection up to the statement timeout, so without this one account's
     * lists could take every connection and every other account would get 503.
     */
    @WithDefault("4")
    int maxConcurrentPerAccount();
}
