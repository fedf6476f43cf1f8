package dev.pat.notification;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.support.WebhookReceiver;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What the notification tests do over HTTP, and how they check a delivery. */
final class Hooks {

    static final String WEBHOOKS = "/v3/webhooks";
    static final String TOKENS = "/v3/personal-access-tokens";
    static final List<String> ALL_EVENTS = List.of("token.created", "token.expiring", "token.expired", "token.revoked",
            "token.rotated", "token.deleted");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A created webhook and the secret its create answered. */
    record Hook(String id, String url, String secret) {
    }

    private Hooks() {
    }

    static Hook subscribe(String jwt, String url, List<String> events) {
        Response created = given().auth().oauth2(jwt).contentType(ContentType.JSON)
                .body(Map.of("url", url, "events", events)).post(WEBHOOKS);
        assertEquals(201, created.statusCode(), created::asString);
        return new Hook(created.path("id"), url, created.path("secret"));
    }

    /** Creates a token for the JWT's user; answers its id. */
    static String createToken(String jwt, String name, Instant expiresAt) {
        Map<String, Object> body = expiresAt == null
                ? Map.of("name", name, "scopes", List.of("personalAccessToken:read"))
                : Map.of("name", name, "scopes", List.of("personalAccessToken:read"), "expiresAt", expiresAt.toString());
        Response created = given().auth().oauth2(jwt).contentType(ContentType.JSON).body(body).post(TOKENS);
        assertEquals(201, created.statusCode(), created::asString);
        return created.path("id");
    }

    static Response revoke(String jwt, String tokenId) {
        return given().auth().oauth2(jwt).contentType(ContentType.JSON).body(Map.of("revoked", true)).patch(TOKENS + "/" + tokenId);
    }

    /** The deliveries of one event for one token, in the order they arrived. */
    static List<WebhookReceiver.Delivery> of(List<WebhookReceiver.Delivery> received, String event, String tokenId) {
        return received.stream().filter(d -> {
            JsonNode body = json(d.body());
            return body.path("event").asText().equals(event) && body.path("data").path("id").asText().equals(tokenId);
        }).toList();
    }

    static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The hex HMAC-SHA256 of the raw body, as a receiver computes it. */
    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A delivery as the seed platform's receivers check it: the signature over the raw body, the id and timestamp headers. */
    static JsonNode assertSigned(WebhookReceiver.Delivery delivery, Hook hook) {
        assertEquals(hmac(hook.secret(), delivery.body()), delivery.header("Webhook-Signature"), "signature of " + delivery.body());
        JsonNode body = json(delivery.body());
        assertEquals(body.path("id").asText(), delivery.header("Webhook-Id"));
        long timestamp = Long.parseLong(delivery.header("Webhook-Timestamp"));
        assertEquals(true, timestamp > 1_700_000_000L, "Webhook-Timestamp is Unix seconds");
        assertEquals("application/json", delivery.header("Content-Type"));
        return body;
    }
}
