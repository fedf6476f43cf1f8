package dev.pat.notification;

import static dev.pat.notification.Hooks.assertSigned;
import static dev.pat.notification.Hooks.of;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.notification.service.ExpiryReminders;
import dev.pat.support.ControlledClock;
import dev.pat.support.Fixtures;
import dev.pat.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The expiry scan: 7 days and 1 day before expiry and once expired, each reminder written once
 * per token and expiry however many scans run (the scan keeps no memory of its own: a restarted
 * or second replica scans the same rows and finds the reminders already written). The scheduled
 * scan runs every second in this profile, and the test runs more scans of its own beside it.
 */
@QuarkusTest
@TestProfile(NotificationProfile.class)
class ExpiryReminderTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @Inject
    Fixtures fixtures;

    @Inject
    ControlledClock clock;

    @Inject
    ExpiryReminders reminders;

    private String adminJwt;
    private Hooks.Hook hook;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @BeforeEach
    void arrange() {
        adminJwt = fixtures.administrator().jwt();
        hook = Hooks.subscribe(adminJwt, RECEIVER.newUrl(), List.of("token.expiring", "token.expired"));
    }

    @AfterEach
    void release() {
        clock.release();
    }

    @Test
    void eachReminderComesOnceHoweverManyScansRun() throws Throwable {
        Instant expiresAt = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String tokenId = Hooks.createToken(adminJwt, "reminded", expiresAt);

        awaitReminder(tokenId, "token.expiring", 1);
        scanTwice();
        clock.freezeAt(expiresAt.minus(Duration.ofHours(12)));
        awaitReminder(tokenId, "token.expiring", 2);
        scanTwice();
        clock.freezeAt(expiresAt.plus(Duration.ofMinutes(1)));
        awaitReminder(tokenId, "token.expired", 1);
        scanTwice();

        List<WebhookReceiver.Delivery> expiring = of(RECEIVER.received(hook.url()), "token.expiring", tokenId);
        assertEquals(List.of("P7D", "P1D"), expiring.stream().map(d -> assertSigned(d, hook).path("threshold").asText()).toList());
        assertEquals(List.of("expired"), fixtures.column("select threshold from notification_event where token_id = ? and event = 'token.expired'",
                UUID.fromString(tokenId)));
        assertEquals(3, fixtures.count("select count(*) from notification_event where token_id = ? and threshold is not null",
                UUID.fromString(tokenId)));
        assertEquals(3, fixtures.count("select count(*) from notification_delivery d join notification_event e on e.id = d.event_id"
                + " where e.token_id = ? and d.webhook_id is not null", UUID.fromString(tokenId)));
        assertEquals(3, RECEIVER.received(hook.url()).stream().map(d -> d.header("Webhook-Id")).distinct().count());
    }

    @Test
    void aTokenCreatedWithinADayGetsOnlyTheOneDayReminder() throws Throwable {
        String tokenId = Hooks.createToken(adminJwt, "short-lived", Instant.now().plus(Duration.ofHours(12)).truncatedTo(ChronoUnit.SECONDS));

        awaitReminder(tokenId, "token.expiring", 1);
        scanTwice();
        assertEquals(List.of("P1D"), fixtures.column("select threshold from notification_event where token_id = ? and threshold is not null",
                UUID.fromString(tokenId)));
    }

    @Test
    void aMovedExpiryGetsItsOwnReminder() throws Throwable {
        Instant first = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String tokenId = Hooks.createToken(adminJwt, "extended", first);
        awaitReminder(tokenId, "token.expiring", 1);

        Instant later = first.plus(Duration.ofDays(3));
        given().auth().oauth2(adminJwt).contentType(ContentType.JSON).body(Map.of("expiresAt", later.toString()))
                .patch(Hooks.TOKENS + "/" + tokenId).then().statusCode(200);

        awaitReminder(tokenId, "token.expiring", 2);
        List<WebhookReceiver.Delivery> expiring = of(RECEIVER.received(hook.url()), "token.expiring", tokenId);
        assertEquals(List.of(first.toString(), later.toString()),
                expiring.stream().map(d -> Hooks.json(d.body()).path("data").path("expiresAt").asText()).toList());
    }

    @Test
    void eventsPastTheRetentionGoOnceNothingIsLeftToDeliver() throws Throwable {
        UUID account = UUID.randomUUID();
        UUID finished = UUID.randomUUID();
        UUID stillPending = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        for (UUID event : List.of(finished, stillPending, recent)) {
            fixtures.update("insert into notification_event (id, account_id, event, token_id, created_at, payload)"
                    + " values (?, ?, 'token.created', ?, now() - ?::interval, '{}')", event, account, UUID.randomUUID(),
                    event.equals(recent) ? "29 days" : "31 days");
            fixtures.update("insert into notification_delivery (id, event_id, account_id, email, status, created_at, next_attempt_at)"
                    + " values (?, ?, ?, 'old@users.test', ?, now(), now() + interval '1 day')", UUID.randomUUID(), event, account,
                    event.equals(stillPending) ? "pending" : "delivered");
        }

        VertxContextSupport.subscribeAndAwait(reminders::scan);

        assertEquals(Set.of(stillPending, recent),
                new HashSet<>(fixtures.column("select id from notification_event where account_id = ?", account)));
        assertEquals(0, fixtures.count("select count(*) from notification_delivery where event_id = ?", finished));
    }

    private void awaitReminder(String tokenId, String event, int count) {
        await().atMost(PATIENCE).until(() -> of(RECEIVER.received(hook.url()), event, tokenId).size() >= count);
        assertEquals(count, of(RECEIVER.received(hook.url()), event, tokenId).size());
    }

    private void scanTwice() throws Throwable {
        // As the scheduler runs it: on a Vert.x context, where a reactive session can be opened.
        VertxContextSupport.subscribeAndAwait(reminders::scan);
        VertxContextSupport.subscribeAndAwait(reminders::scan);
    }
}
