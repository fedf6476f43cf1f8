package dev.pat.notification.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's claim, on the real database (the worker itself is off in this profile, so only the
 * test claims): an account with a backlog of due deliveries does not take a whole claim, so another
 * account's delivery is claimed in the same one.
 */
@QuarkusTest
class DeliveryQueueTest {

    /** Older than anything other tests leave pending: these rows are the first of their turn. */
    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");

    @Inject
    Fixtures fixtures;

    @Inject
    DeliveryQueue queue;

    private final UUID busy = UUID.randomUUID();
    private final UUID quiet = UUID.randomUUID();

    /** The rows are older than anything else: left pending, they would be every later test's oldest delivery. */
    @AfterEach
    void removeTheDeliveries() {
        fixtures.update("delete from notification_event where account_id in (?, ?)", busy, quiet);
    }

    @Test
    void aClaimTakesAFewOfEachAccountsDueDeliveriesNotTheBusiestAccountsBacklog() {
        for (int i = 0; i < 30; i++) {
            delivery(busy, LONG_AGO.plusSeconds(i));
        }
        UUID quietDelivery = delivery(quiet, LONG_AGO.plusSeconds(3600));

        List<UUID> claimed = queue.claim(10, Duration.ofMinutes(5)).await().atMost(Duration.ofSeconds(30))
                .stream().map(DeliveryQueue.Claimed::id).toList();

        assertTrue(claimed.contains(quietDelivery), "the quiet account's delivery is in the claim beside the busy one's");
        long busyClaimed = fixtures.count("select count(*) from notification_delivery where account_id = ? and attempts = 1", busy);
        assertTrue(busyClaimed >= 1 && busyClaimed <= 5, "the busy account's share of one claim: " + busyClaimed);
        assertEquals(1, fixtures.count("select count(*) from notification_delivery where id = ? and attempts = 1", quietDelivery));
    }

    /** A due e-mail delivery of a fresh event of the account. */
    private UUID delivery(UUID account, Instant due) {
        UUID event = UUID.randomUUID();
        fixtures.update("insert into notification_event (id, account_id, event, token_id, created_at, payload) values (?, ?, ?, ?, ?, ?)",
                event, account, "token.rotated", UUID.randomUUID(), Timestamp.from(due), "{}");
        UUID id = UUID.randomUUID();
        fixtures.update("insert into notification_delivery (id, event_id, account_id, email, created_at, next_attempt_at)"
                + " values (?, ?, ?, ?, ?, ?)", id, event, account, "owner@" + account + ".test", Timestamp.from(due), Timestamp.from(due));
        return id;
    }
}
