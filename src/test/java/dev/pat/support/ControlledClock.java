package dev.pat.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The service's clock in tests: the system time until a test freezes it, then a time the test
 * moves itself. Tests that measure windows or intervals freeze it, so that what they assert does
 * not depend on where the wall clock stands or on how fast a loaded machine runs them. Also usable
 * as a plain object in tests without Quarkus.
 */
@Alternative
@Priority(1)
@Singleton
public class ControlledClock implements InstantSource {

    private volatile Instant frozen;

    @Override
    public Instant instant() {
        Instant at = frozen;
        return at != null ? at : Instant.now();
    }

    public ControlledClock freezeAt(Instant at) {
        frozen = at;
        return this;
    }

    public ControlledClock advance(Duration by) {
        if (frozen == null) {
            throw new IllegalStateException("Freeze the clock before moving it");
        }
        frozen = frozen.plus(by);
        return this;
    }

    /** Back to the system time; tests that froze the clock call this after each test. */
    public void release() {
        frozen = null;
    }
}
