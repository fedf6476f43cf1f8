package dev.pat.notification.delivery;

import dev.pat.notification.WebhookConfig;
import dev.pat.notification.repository.DeliveryQueue;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts one delivery to its webhook: the event's exact bytes, signed with the webhook's secret
 * (HMAC-SHA256 in {@value #SIGNATURE_HEADER}), with its event id and the attempt's time. The URL's
 * host must resolve to public addresses only ({@link WebhookAddresses}); redirects are never followed.
 */
@Singleton
public class WebhookSender {

    public static final String SIGNATURE_HEADER = "Webhook-Signature";
    public static final String ID_HEADER = "Webhook-Id";
    public static final String TIMESTAMP_HEADER = "Webhook-Timestamp";

    private final WebhookAddresses addresses;
    private final InstantSource clock;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookSender(WebhookAddresses addresses, InstantSource clock, WebhookConfig config) {
        this.addresses = addresses;
        this.clock = clock;
        this.timeout = config.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** How long one attempt may take at most. */
    Duration timeout() {
        return timeout;
    }

    Uni<DeliveryOutcome> post(DeliveryQueue.Claimed delivery) {
        URI uri = URI.create(delivery.url());
        // The name is resolved off the event loop, and every address it has now must be allowed.
        return Uni.createFrom().item(() -> {
            try {
                return addresses.mayDeliverTo(uri.getHost());
            } catch (UnknownHostException e) {
                throw new IllegalStateException("the host name does not resolve");
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).flatMap(allowed -> {
            if (!allowed) {
                return Uni.createFrom().item(DeliveryOutcome.givenUp("the URL resolves to a loopback or private address"));
            }
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "pat-service-webhooks")
                    .header(ID_HEADER, delivery.eventId().toString())
                    .header(TIMESTAMP_HEADER, Long.toString(clock.instant().getEpochSecond()))
                    .header(SIGNATURE_HEADER, sign(delivery.secret(), delivery.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                    .build();
            return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                    .map(response -> DeliveryOutcome.ofStatus(response.statusCode()));
        });
    }

    /** The hex HMAC-SHA256 of the body with the webhook's secret. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
