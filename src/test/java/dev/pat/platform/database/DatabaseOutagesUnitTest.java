package dev.pat.platform.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** When an outage is over: only a success that began after the latest refusal says so. */
class DatabaseOutagesUnitTest {

    private final DatabaseOutages outages = new DatabaseOutages(new SimpleMeterRegistry(), InstantSource.system());
    private final IOException lost = new IOException("connection lost");

    @Test
    void aRequestUnderWayWhenTheDatabaseWentAwayDoesNotEndTheOutage() {
        outages.refused("connection", lost, 100);
        outages.served(90);
        assertTrue(outages.inOutage(), "began before the first refusal");
        outages.refused("connection", lost, 200);
        outages.served(150);
        assertTrue(outages.inOutage(), "began between two refusals: its connection had not been closed yet");
        outages.served(201);
        assertFalse(outages.inOutage(), "began after every refusal: the database is back");
    }

    @Test
    void refusalsArrivingOutOfOrderKeepTheLatest() {
        outages.refused("connection", lost, 300);
        outages.refused("connection", lost, 250);
        outages.served(260);
        assertTrue(outages.inOutage());
        outages.served(301);
        assertFalse(outages.inOutage());
    }
}
