package dev.pat.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pat.support.Fixtures;
import dev.pat.support.Jwts;
import dev.pat.support.Owner;
import dev.pat.support.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * E-mail to the token's owner, through a real SMTP server: the expiry reminder, the rotation and
 * the revocation arrive at the owner's address, the creation does not, no mail carries a secret,
 * and no address gets more than its hourly share however often its tokens change.
 */
@QuarkusTest
@TestProfile(NotificationProfile.class)
class EmailNotificationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @jakarta.inject.Inject
    Fixtures fixtures;

    @Test
    void theOwnerIsToldOfExpiryRotationAndRevocation() throws Exception {
        Owner owner = fixtures.owner();
        String address = "ada+" + owner.userId() + "@users.test";
        String ownerJwt = owner.jwt();
        String tokenId = Hooks.createToken(ownerJwt, "deploy-bot", Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS));

        await().atMost(PATIENCE).until(() -> subjects(address).size() == 1);
        String secret = given().auth().oauth2(ownerJwt).contentType(ContentType.JSON).body("{}")
                .post(Hooks.TOKENS + "/" + tokenId + "/rotate").then().statusCode(200).extract().path("token");
        await().atMost(PATIENCE).until(() -> subjects(address).size() == 2);
        Hooks.revoke(ownerJwt, tokenId).then().statusCode(200);
        await().atMost(PATIENCE).until(() -> subjects(address).size() == 3);

        List<String> subjects = subjects(address);
        assertTrue(subjects.get(0).startsWith("Your personal access token \"deploy-bot\" expires on "), subjects.get(0));
        assertEquals("Your personal access token \"deploy-bot\" was rotated", subjects.get(1));
        assertEquals("Your personal access token \"deploy-bot\" was revoked", subjects.get(2));
        for (MimeMessage message : messagesTo(address)) {
            String text = message.getContent().toString();
            assertTrue(text.contains(tokenId), text);
            assertFalse(text.contains(secret), "a mail never carries the secret");
            assertEquals("pat-service@test.pat", message.getFrom()[0].toString());
        }
    }

    @Test
    void anAddressGetsAtMostTwentyMailsAnHour() throws Exception {
        UUID account = UUID.randomUUID();
        UUID owner = fixtures.user(account, null, null, "user");
        String address = "ada+" + owner + "@users.test";
        String ownerJwt = Jwts.user(account, owner);
        String tokenId = Hooks.createToken(ownerJwt, "rotated-often", null);

        // An administrator who points a user's address at a victim and rotates in a loop mails the victim this many times at most.
        for (int i = 0; i < 22; i++) {
            given().auth().oauth2(ownerJwt).contentType(ContentType.JSON).body("{}").post(Hooks.TOKENS + "/" + tokenId + "/rotate")
                    .then().statusCode(200);
        }

        await().atMost(PATIENCE).until(() -> fixtures.count("select count(*) from notification_delivery where email = ?"
                + " and status <> 'pending'", address) == 22);
        assertEquals(20, messagesTo(address).size());
        assertEquals(20, fixtures.count("select count(*) from notification_delivery where email = ? and status = 'delivered'", address));
        assertEquals(List.of("rate_limited", "rate_limited"), fixtures.column("select last_error from notification_delivery"
                + " where email = ? and status = 'failed'", address));
    }

    private static List<String> subjects(String address) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : messagesTo(address)) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }

    private static List<MimeMessage> messagesTo(String address) throws MessagingException {
        List<MimeMessage> mine = new ArrayList<>();
        for (MimeMessage message : SmtpServer.mail().getReceivedMessages()) {
            if (message.getRecipients(Message.RecipientType.TO)[0].toString().equals(address)) {
                mine.add(message);
            }
        }
        return mine;
    }
}
