package dev.pat.notification;

import static dev.pat.notification.Hooks.assertSigned;
import static dev.pat.notification.Hooks.of;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pat.support.ControlledClock;
import dev.pat.support.DirectoryApi;
import dev.pat.support.Fixtures;
import dev.pat.support.Metrics;
import dev.pat.support.Owner;
import dev.pat.support.ScriptedResolver;
import dev.pat.support.StallingReceiver;
import dev.pat.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries end to end, with a real receiver on loopback: every event arrives signed with
 * the webhook's secret and carries the token as the API shows it, never its secret; a receiver
 * that fails gets the event again, and its record says why in one of a few fixed codes; a receiver
 * that never finishes its answer costs one bounded attempt; the connection goes to the address the
 * service looked up and checked; a change that rolls back sends nothing; another account's events
 * never reach a webhook. Its counter and the outbox gauges show what happened, by value.
 */
@QuarkusTest
@TestProfile(NotificationProfile.class)
class WebhookDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @Inject
    Fixtures fixtures;

    @Inject
    ScriptedResolver resolver;

    @Inject
    ControlledClock clock;

    private UUID account;
    private Owner admin;
    private String adminJwt;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @BeforeEach
    void arrange() {
        admin = fixtures.administrator();
        account = admin.accountId();
        adminJwt = admin.jwt();
    }

    @Test
    void anAdministratorReceivesCreatedExpiringAndRevokedSigned() {
        Hooks.Hook hook = Hooks.subscribe(adminJwt, RECEIVER.newUrl(), Hooks.ALL_EVENTS);
        String tokenId = Hooks.createToken(adminJwt, "nightly-ci", Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS));

        await().atMost(PATIENCE).until(() -> of(RECEIVER.received(hook.url()), "token.expiring", tokenId).size() == 1);
        List<WebhookReceiver.Delivery> received = RECEIVER.received(hook.url());
        JsonNode created = assertSigned(of(received, "token.created", tokenId).get(0), hook);
        assertEquals(account.toString(), created.path("accountId").asText());
        assertEquals("nightly-ci", created.path("data").path("name").asText());
        assertEquals(admin.userId().toString(), created.path("data").path("user").path("id").asText());
        assertFalse(created.path("data").has("token"), "an event never carries the secret");
        assertTrue(created.has("createdAt"));
        JsonNode expiring = assertSigned(of(received, "token.expiring", tokenId).get(0), hook);
        assertEquals("P7D", expiring.path("threshold").asText());

        Hooks.revoke(adminJwt, tokenId).then().statusCode(200);
        await().atMost(PATIENCE).until(() -> of(RECEIVER.received(hook.url()), "token.revoked", tokenId).size() == 1);
        JsonNode revoked = assertSigned(of(RECEIVER.received(hook.url()), "token.revoked", tokenId).get(0), hook);
        assertEquals("owner", revoked.path("reason").asText());
        assertTrue(revoked.path("data").path("revoked").asBoolean());

        Response deliveries = given().auth().oauth2(adminJwt).get(Hooks.WEBHOOKS + "/" + hook.id() + "/deliveries");
        deliveries.then().statusCode(200).header("Pagination-Count", "3");
        assertEquals(List.of("token.revoked", "token.expiring", "token.created"), deliveries.jsonPath().getList("event"));
        assertEquals(List.of("delivered", "delivered", "delivered"), deliveries.jsonPath().getList("status"));
        assertEquals(List.of("2xx", "2xx", "2xx"), deliveries.jsonPath().getList("responseClass"));
        assertEquals(revoked.path("id").asText(), deliveries.jsonPath().getString("[0].eventId"));
    }

    @Test
    void rotationDeletionAndAnAdministratorsRevocationAreTold() {
        Hooks.Hook hook = Hooks.subscribe(adminJwt, RECEIVER.newUrl(), List.of("token.rotated", "token.revoked", "token.deleted"));
        String ownerJwt = fixtures.owner(account).jwt();
        String rotated = Hooks.createToken(ownerJwt, "rotated", null);
        String revoked = Hooks.createToken(ownerJwt, "revoked", null);

        given().auth().oauth2(ownerJwt).contentType(ContentType.JSON).body("{}").post(Hooks.TOKENS + "/" + rotated + "/rotate")
                .then().statusCode(200);
        Hooks.revoke(adminJwt, revoked).then().statusCode(200);
        given().auth().oauth2(adminJwt).delete(Hooks.TOKENS + "/" + rotated).then().statusCode(204);

        await().atMost(PATIENCE).until(() -> RECEIVER.received(hook.url()).size() == 3);
        List<WebhookReceiver.Delivery> received = RECEIVER.received(hook.url());
        JsonNode rotation = assertSigned(of(received, "token.rotated", rotated).get(0), hook);
        assertFalse(rotation.path("data").has("token"), "the new secret is never sent");
        assertEquals("administrator", assertSigned(of(received, "token.revoked", revoked).get(0), hook).path("reason").asText());
        assertEquals("rotated", assertSigned(of(received, "token.deleted", rotated).get(0), hook).path("data").path("name").asText());
        assertTrue(of(received, "token.created", rotated).isEmpty(), "not subscribed to token.created");
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheThirdAttempt() {
        String url = RECEIVER.newUrl();
        RECEIVER.answer(url, 500, 503);
        Hooks.Hook hook = Hooks.subscribe(adminJwt, url, List.of("token.created"));
        String tokenId = Hooks.createToken(adminJwt, "flaky receiver", null);

        await().atMost(PATIENCE).until(() -> given().auth().oauth2(adminJwt).get(Hooks.WEBHOOKS + "/" + hook.id() + "/deliveries")
                .jsonPath().getString("[0].status").equals("delivered"));
        List<WebhookReceiver.Delivery> attempts = of(RECEIVER.received(url), "token.created", tokenId);
        assertEquals(3, attempts.size());
        for (WebhookReceiver.Delivery attempt : attempts) {
            assertSigned(attempt, hook);
            assertEquals(attempts.get(0).body(), attempt.body(), "every attempt sends the same bytes");
            assertEquals(attempts.get(0).header("Webhook-Id"), attempt.header("Webhook-Id"));
        }
        Response deliveries = given().auth().oauth2(adminJwt).get(Hooks.WEBHOOKS + "/" + hook.id() + "/deliveries");
        assertEquals(3, deliveries.jsonPath().getInt("[0].attempts"));
        assertEquals("2xx", deliveries.jsonPath().getString("[0].responseClass"));
    }

    @Test
    void aSlowOrAbsentReceiverCostsRetriesNotRequests() {
        String slow = RECEIVER.newUrl();
        RECEIVER.delay(slow, 3_000);
        Hooks.Hook slowHook = Hooks.subscribe(adminJwt, slow, List.of("token.created"));
        // Port 9 (discard) on loopback: nothing listens there on a test machine.
        Hooks.Hook absentHook = Hooks.subscribe(adminJwt, "http://127.0.0.1:9/hooks/absent", List.of("token.created"));

        Hooks.createToken(adminJwt, "while the receivers are away", null);

        for (Hooks.Hook hook : List.of(slowHook, absentHook)) {
            await().atMost(PATIENCE).until(() -> lastDelivery(hook).jsonPath().getInt("[0].attempts") >= 2);
            assertEquals("pending", lastDelivery(hook).jsonPath().getString("[0].status"));
        }
        // One of a few fixed codes: never a text that tells one internal failure from another.
        assertEquals("timeout", lastDelivery(slowHook).jsonPath().getString("[0].error"));
        assertEquals("connection_refused", lastDelivery(absentHook).jsonPath().getString("[0].error"));
    }

    @Test
    void aFailingReceiverIsShownTheClassOfItsStatusOnly() {
        String url = RECEIVER.newUrl();
        RECEIVER.answer(url, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503);
        Hooks.Hook hook = Hooks.subscribe(adminJwt, url, List.of("token.created"));
        Hooks.createToken(adminJwt, "refused", null);

        await().atMost(PATIENCE).until(() -> lastDelivery(hook).jsonPath().getInt("[0].attempts") >= 1
                && lastDelivery(hook).jsonPath().getString("[0].error") != null);
        Response deliveries = lastDelivery(hook);
        assertEquals("http_status", deliveries.jsonPath().getString("[0].error"));
        assertEquals("5xx", deliveries.jsonPath().getString("[0].responseClass"));
        assertFalse(deliveries.jsonPath().getMap("[0]").containsKey("responseCode"), deliveries.asString());
    }

    @Test
    void aReceiverThatNeverSendsItsBodyEndsAsATimedOutAttempt() {
        try (StallingReceiver stalling = new StallingReceiver()) {
            Hooks.Hook hook = Hooks.subscribe(adminJwt, stalling.url("127.0.0.1"), List.of("token.created"));
            Hooks.createToken(adminJwt, "the body never comes", null);

            // The head arrived at once; the attempt as a whole is bounded, body included.
            await().atMost(PATIENCE).until(() -> lastDelivery(hook).jsonPath().getString("[0].error") != null);
            Response deliveries = lastDelivery(hook);
            assertEquals("timeout", deliveries.jsonPath().getString("[0].error"));
            assertEquals("pending", deliveries.jsonPath().getString("[0].status"), "tried again later");
            assertTrue(stalling.answered() >= 1);
            await().atMost(PATIENCE).until(() -> stalling.closedByService() >= 1);
        }
    }

    @Test
    void theConnectionGoesToTheAddressThatWasChecked() {
        // A name that no name server knows: only the service's own lookup answers it.
        resolver.answer("receiver.invalid", "127.0.0.1");
        String url = RECEIVER.newUrl().replace("127.0.0.1", "receiver.invalid");
        Hooks.Hook hook = Hooks.subscribe(adminJwt, url, List.of("token.created"));
        String tokenId = Hooks.createToken(adminJwt, "resolved once", null);

        await().atMost(PATIENCE).until(() -> of(RECEIVER.received(url), "token.created", tokenId).size() == 1);
        WebhookReceiver.Delivery delivery = of(RECEIVER.received(url), "token.created", tokenId).get(0);
        assertSigned(delivery, hook);
        assertEquals(URI.create(url).getAuthority(), delivery.header("Host"), "the Host header names the URL's host");
        assertEquals(1, resolver.lookups("receiver.invalid"), "one lookup, whose answer was checked and connected to");
    }

    @Test
    void aRevokeWhoseTransactionFailsSendsNothing() {
        Hooks.Hook hook = Hooks.subscribe(adminJwt, RECEIVER.newUrl(), List.of("token.revoked"));
        String doomed = Hooks.createToken(adminJwt, "doomed", null);
        String fine = Hooks.createToken(adminJwt, "fine", null);
        // Fails the commit of any change to this one token: the update, its notice and its event were all written by then.
        String trigger = "fail_" + doomed.replace("-", "");
        fixtures.update("create function " + trigger + "() returns trigger language plpgsql as"
                + " $$ begin raise exception 'refused by the test'; end $$");
        fixtures.update("create constraint trigger " + trigger + " after update on personal_access_token deferrable initially deferred"
                + " for each row when (new.id = '" + doomed + "') execute function " + trigger + "()");
        try {
            Response refused = Hooks.revoke(adminJwt, doomed);
            assertTrue(refused.statusCode() >= 500, refused::asString);
            assertEquals(0, fixtures.count("select count(*) from notification_event where token_id = ? and event = 'token.revoked'",
                    UUID.fromString(doomed)));
        } finally {
            fixtures.update("drop trigger " + trigger + " on personal_access_token");
            fixtures.update("drop function " + trigger + "()");
        }
        given().auth().oauth2(adminJwt).get(Hooks.TOKENS + "/" + doomed).then().statusCode(200).body("revoked", org.hamcrest.Matchers.is(false));

        // A later revoke arrives; the one that rolled back never does.
        Hooks.revoke(adminJwt, fine).then().statusCode(200);
        await().atMost(PATIENCE).until(() -> of(RECEIVER.received(hook.url()), "token.revoked", fine).size() == 1);
        assertEquals(1, RECEIVER.received(hook.url()).size(), () -> RECEIVER.received(hook.url()).toString());
    }

    @Test
    void anotherAccountsEventsNeverReachAWebhook() {
        Hooks.Hook hook = Hooks.subscribe(adminJwt, RECEIVER.newUrl(), List.of("token.created"));
        String otherJwt = fixtures.administrator().jwt();
        Hooks.Hook otherHook = Hooks.subscribe(otherJwt, RECEIVER.newUrl(), List.of("token.created"));

        String theirs = Hooks.createToken(otherJwt, "theirs", null);
        String mine = Hooks.createToken(adminJwt, "mine", null);

        await().atMost(PATIENCE).until(() -> of(RECEIVER.received(hook.url()), "token.created", mine).size() == 1
                && of(RECEIVER.received(otherHook.url()), "token.created", theirs).size() == 1);
        assertEquals(1, RECEIVER.received(hook.url()).size());
        assertEquals(1, RECEIVER.received(otherHook.url()).size());
        given().auth().oauth2(otherJwt).get(Hooks.WEBHOOKS + "/" + hook.id() + "/deliveries").then().statusCode(404);
    }

    private Response lastDelivery(Hooks.Hook hook) {
        return given().auth().oauth2(adminJwt).get(Hooks.WEBHOOKS + "/" + hook.id() + "/deliveries");
    }

    @Test
    void aDeliveryMovesItsCounterByOne() {
        Hooks.Hook hook = Hooks.subscribe(adminJwt, RECEIVER.newUrl(), List.of("token.created"));
        Map<String, Double> before = Metrics.scrape();
        String tokenId = Hooks.createToken(adminJwt, "counted", null);
        await().atMost(PATIENCE).until(() -> of(RECEIVER.received(hook.url()), "token.created", tokenId).size() == 1);
        // The worker counts an outcome before it records it: once the record says delivered, the count is in.
        await().atMost(PATIENCE).until(() -> "delivered".equals(given().auth().oauth2(adminJwt)
                .get(Hooks.WEBHOOKS + "/" + hook.id() + "/deliveries").jsonPath().getString("[0].status")));

        Map<String, Double> after = Metrics.scrape();
        assertEquals(1.0, Metrics.delta(before, after, "pat_notification_deliveries_total",
                "channel=\"webhook\"", "event=\"token.created\"", "outcome=\"delivered\""), "this test's one delivery");
    }

    /**
     * The outbox gauges show the outbox as the database holds it: the number of pending deliveries,
     * and the age of the oldest in seconds. A delivery that will not fall due for a century, written
     * in 1971 (before anything another test writes), makes the oldest one known, so that only a read
     * made after it was written can show its age. The gauges are read every 10 s of
     * the service's clock, which the test moves to have them read again. The clock first stands a
     * month ahead and then steps back (as a host's clock does when NTP corrects it): the gauges must
     * go on being read.
     */
    @Test
    void theOutboxGaugesShowThePendingDeliveriesAndTheOldestAge() {
        UUID event = UUID.randomUUID();
        UUID delivery = UUID.randomUUID();
        try {
            clock.freezeAt(Instant.now().plus(Duration.ofDays(30)));
            fixtures.update("insert into notification_event (id, account_id, event, token_id, created_at, payload)"
                    + " values (?, ?, 'token.created', ?, " + DirectoryApi.T0_SQL + ", '{}')", event, account, UUID.randomUUID());
            fixtures.update("insert into notification_delivery (id, event_id, account_id, email, status, created_at, next_attempt_at)"
                    + " values (?, ?, ?, 'gauge@users.test', 'pending', " + OLDEST_SQL + ", now() + interval '100 years')",
                    delivery, event, account);
            clock.advance(Duration.ofSeconds(10));
            // A read that shows the 1971 delivery was made after it was written, on the clock a month ahead.
            double ageWritten = ageOfOldest();
            await().atMost(Duration.ofSeconds(20)).until(Metrics::scrape,
                    read -> read.getOrDefault("pat_notification_outbox_oldest_pending_seconds", 0.0) >= ageWritten - 0.001);
            clock.freezeAt(Instant.now());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                // The age the database gives the oldest delivery before the read and after it: the gauge's lies between.
                double ageBefore = ageOfOldest();
                long pendingBefore = pendingDeliveries();
                clock.advance(Duration.ofSeconds(10));
                // Once the gauge shows an age the oldest delivery reached only after ageBefore, the read is this one's.
                Map<String, Double> metrics = await().atMost(Duration.ofSeconds(20)).until(Metrics::scrape,
                        read -> read.getOrDefault("pat_notification_outbox_oldest_pending_seconds", 0.0) >= ageBefore - 0.001);
                long pendingAfter = pendingDeliveries();
                double ageAfter = ageOfOldest();
                assertEquals(pendingBefore, pendingAfter, "the outbox changed while the gauges were read; again");
                assertEquals((double) pendingAfter, Metrics.value(metrics, "pat_notification_outbox_pending"), "pending deliveries");
                double oldest = Metrics.value(metrics, "pat_notification_outbox_oldest_pending_seconds");
                assertTrue(oldest <= ageAfter, () -> "the oldest pending delivery's age in seconds, between " + ageBefore + " and "
                        + ageAfter + ", was " + oldest);
            });
        } finally {
            clock.release();
            fixtures.update("delete from notification_event where id = ?", event);
        }
    }

    private static final String OLDEST_SQL = "timestamptz '1971-01-01 00:00:00+00'";

    private double ageOfOldest() {
        return ((Number) fixtures.single("select extract(epoch from now() - " + OLDEST_SQL + ")::float8")).doubleValue();
    }

    private long pendingDeliveries() {
        return fixtures.count("select count(*) from notification_delivery where status = 'pending'");
    }
}
