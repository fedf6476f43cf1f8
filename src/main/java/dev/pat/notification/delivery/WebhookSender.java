package dev.pat.notification.delivery;

import dev.pat.notification.WebhookConfig;
import dev.pat.notification.repository.DeliveryQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts one delivery to its webhook: the event's exact bytes, signed with the webhook's secret
 * (HMAC-SHA256 in {@value #SIGNATURE_HEADER}), with its event id and the attempt's time.
 *
 * <p>The URL's name is looked up once, off the event loop, checked ({@link WebhookAddresses}), and
 * the connection goes to that very address, while the {@code Host} header, the TLS server name and
 * the certificate check keep the URL's host: a name that answers differently a moment later
 * (DNS rebinding) is never connected to. Redirects are never followed.
 *
 * <p>The attempt is bounded as a whole by {@code pat.webhooks.timeout}: lookup, connect, the
 * answer's head and its body. Only the status counts; of the body at most {@value #BODY_PREFIX}
 * bytes are read, then the connection is dropped, as it is when the bound passes, so a receiver that
 * announces a body and never sends it costs one bounded attempt. Connections are not kept alive:
 * nothing of one attempt lingers into the next.
 */
@Singleton
public class WebhookSender {

    public static final String SIGNATURE_HEADER = "Webhook-Signature";
    public static final String ID_HEADER = "Webhook-Id";
    public static final String TIMESTAMP_HEADER = "Webhook-Timestamp";
    /** How much of an answer's body is read at most before the connection is dropped. */
    static final int BODY_PREFIX = 4096;

    private final WebhookAddresses addresses;
    private final InstantSource clock;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookSender(Vertx vertx, WebhookAddresses addresses, InstantSource clock, WebhookConfig config) {
        this.addresses = addresses;
        this.clock = clock;
        this.timeout = config.timeout();
        HttpClientOptions options = new HttpClientOptions()
                .setName("pat-webhooks")
                .setKeepAlive(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setVerifyHost(true)
                .setForceSni(true);
        // One connection per attempt, as many per receiver as the worker lets run at once.
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(Math.max(1, config.maxConcurrentPerHost())));
    }

    /** How long one attempt may take at most. */
    Duration timeout() {
        return timeout;
    }

    void stop(@Observes ShutdownEvent event) {
        http.close();
    }

    /** The receiver host an attempt goes to, as the per-host bound counts it. */
    static String host(DeliveryQueue.Claimed delivery) {
        String host = URI.create(delivery.url().strip()).getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    /** One attempt; never fails: a failure is an outcome with its code. */
    Uni<DeliveryOutcome> post(DeliveryQueue.Claimed delivery) {
        URI uri = URI.create(delivery.url().strip());
        String host = WebhookAddresses.bare(uri.getHost());
        return Uni.createFrom().item(Unchecked.supplier(() -> addresses.connectable(host)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(address -> exchange(uri, host, address, delivery))
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(DeliveryOutcome::ofWebhookFailure);
    }

    /**
     * The request to the checked address, and the answer's status once its body ended or its
     * prefix was read. Whatever ends it (the answer, a failure, the bound cancelling it) drops a
     * connection still open.
     */
    private Uni<DeliveryOutcome> exchange(URI uri, String host, InetAddress address, DeliveryQueue.Claimed delivery) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(host)
                .setPort(port)
                .setSsl(tls)
                .setURI(path)
                .setFollowRedirects(false)
                .putHeader("Host", uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()))
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "pat-service-webhooks")
                .putHeader(ID_HEADER, delivery.eventId().toString())
                .putHeader(TIMESTAMP_HEADER, Long.toString(clock.instant().getEpochSecond()))
                .putHeader(SIGNATURE_HEADER, sign(delivery.secret(), delivery.payload()));
        Buffer body = Buffer.buffer(delivery.payload(), "UTF-8");
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> open = new AtomicReference<>();
            AtomicBoolean ended = new AtomicBoolean();
            emitter.onTermination(() -> {
                HttpClientRequest request = open.get();
                if (request != null && !ended.get()) {
                    request.reset();
                }
            });
            http.request(options).onComplete(created -> {
                if (created.failed()) {
                    emitter.fail(created.cause());
                    return;
                }
                HttpClientRequest request = created.result();
                open.set(request);
                request.send(body).onComplete(answered -> {
                    if (answered.failed()) {
                        emitter.fail(answered.cause());
                        return;
                    }
                    var response = answered.result();
                    DeliveryOutcome outcome = DeliveryOutcome.ofStatus(response.statusCode());
                    long[] read = {0};
                    response.exceptionHandler(emitter::fail);
                    response.endHandler(ignored -> {
                        ended.set(true);
                        emitter.complete(outcome);
                    });
                    response.handler(chunk -> {
                        read[0] += chunk.length();
                        if (read[0] >= BODY_PREFIX) {
                            // Enough of it: the status is what counts, the rest is not waited for.
                            emitter.complete(outcome);
                        }
                    });
                });
            });
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
