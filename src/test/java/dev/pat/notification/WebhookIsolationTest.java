package dev.pat.notification;

import static dev.pat.notification.Hooks.of;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.StallingReceiver;
import dev.pat.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One tenant's receiver cannot hold up another's: a receiver that answers 200 and never sends the
 * body it announced keeps its own attempt open (here for the profile's 60 s), and meanwhile another
 * account's delivery goes out, and the same receiver host is not given more than its share of
 * attempts at once. Each test ends its stalls by closing the receiver and deleting its webhooks.
 */
@QuarkusTest
@TestProfile(StalledReceiverProfile.class)
class WebhookIsolationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @Inject
    Fixtures fixtures;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aReceiverThatNeverSendsItsBodyHoldsUpNoOtherAccount() {
        String stalledJwt = administrator();
        String otherJwt = administrator();
        try (StallingReceiver stalling = new StallingReceiver()) {
            Hooks.Hook stalled = Hooks.subscribe(stalledJwt, stalling.url("localhost"), List.of("token.created"));
            Hooks.createToken(stalledJwt, "stalled", null);
            await().atMost(PATIENCE).until(() -> stalling.answered() == 1);

            Hooks.Hook hook = Hooks.subscribe(otherJwt, RECEIVER.newUrl(), List.of("token.created"));
            String tokenId = Hooks.createToken(otherJwt, "unaffected", null);

            await().atMost(PATIENCE).until(() -> of(RECEIVER.received(hook.url()), "token.created", tokenId).size() == 1);
            assertEquals(1, stalling.open(), "the stalled attempt is still open: the other account's delivery did not wait for it");
            assertEquals(0, stalling.closedByService());
            delete(stalledJwt, stalled);
        }
    }

    @Test
    void oneReceiverHostGetsAtMostFourAttemptsAtOnce() {
        String jwt = administrator();
        try (StallingReceiver stalling = new StallingReceiver()) {
            List<Hooks.Hook> stalled = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                stalled.add(Hooks.subscribe(jwt, stalling.url("localhost"), List.of("token.created")));
            }
            Hooks.Hook healthy = Hooks.subscribe(jwt, RECEIVER.newUrl(), List.of("token.created"));
            String tokenId = Hooks.createToken(jwt, "fanned out", null);

            await().atMost(PATIENCE).until(() -> stalling.answered() >= 4
                    && of(RECEIVER.received(healthy.url()), "token.created", tokenId).size() == 1);
            assertEquals(4, stalling.open(), "four attempts to the stalled host, the fifth waits for one of them");
            assertEquals(4, stalling.maxOpen());
            stalled.forEach(hook -> delete(jwt, hook));
        }
    }

    private String administrator() {
        UUID account = UUID.randomUUID();
        return Jwts.admin(account, fixtures.user(account, null, null, "admin"));
    }

    private static void delete(String jwt, Hooks.Hook hook) {
        given().auth().oauth2(jwt).delete(Hooks.WEBHOOKS + "/" + hook.id()).then().statusCode(204);
    }
}
