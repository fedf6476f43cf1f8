package dev.pat.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo dataset ({@code pat.demo.*}). */
@ConfigMapping(prefix = "pat.demo")
public interface DemoConfig {

    /** Load the demo dataset into an empty database at start (on by default in dev mode). */
    @WithDefault("false")
    boolean enabled();
}
