package dev.pat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.config.PatConfig;
import dev.pat.repository.DeliveryQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers what the outbox holds, on every replica: it claims due deliveries (see
 * repository.DeliveryQueue), posts each to its webhook signed with the webhook's secret, or mails
 * it to the token owner, and records the outcome. A failed attempt is tried again on the
 * {@link RetrySchedule}; a receiver that is down, slow or failing costs retries here and never a
 * request of the API. While the database is away nothing is claimed, and delivery resumes by itself.
 */
@Singleton
public class DeliveryWorker {

    public static final String SIGNATURE_HEADER = "Webhook-Signature";
    public static final String ID_HEADER = "Webhook-Id";
    public static final String TIMESTAMP_HEADER = "Webhook-Timestamp";

    private static final int MAX_ROUNDS = 10;
    private static final long DEPTH_EVERY_MS = 10_000;

    /** How an attempt ended: delivered, failed for now, or failed for good. */
    private record Outcome(boolean delivered, boolean permanent, Integer responseCode, String error) {
        static Outcome of(int status) {
            return status >= 200 && status < 300 ? new Outcome(true, false, status, null)
                    : new Outcome(false, false, status, "the receiver answered " + status);
        }
    }

    private final DeliveryQueue queue;
    private final WebhookAddresses addresses;
    private final MailSender mailer;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final InstantSource clock;
    private final boolean enabled;
    private final int batchSize;
    private final Duration timeout;
    private final Duration lease;
    private final RetrySchedule schedule;
    private final HttpClient http;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong();
    private volatile long depthReadAt = Long.MIN_VALUE;
    private volatile boolean paused;

    public DeliveryWorker(DeliveryQueue queue, WebhookAddresses addresses, MailSender mailer, ObjectMapper mapper,
            MeterRegistry registry, InstantSource clock, PatConfig config) {
        this.queue = queue;
        this.addresses = addresses;
        this.mailer = mailer;
        this.mapper = mapper;
        this.registry = registry;
        this.clock = clock;
        PatConfig.Notifications notifications = config.notifications();
        this.enabled = notifications.workerEnabled();
        this.batchSize = notifications.batchSize();
        this.timeout = config.webhooks().timeout();
        // Longer than any attempt can take: a claimed delivery is claimed again only when its replica is gone.
        this.lease = timeout.multipliedBy(3).plusSeconds(30);
        this.schedule = new RetrySchedule(notifications.retryFirstDelay(), notifications.retryMaxDelay(), notifications.retryFor());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        registry.gauge("pat_notification_outbox_pending", pending);
        registry.gauge("pat_notification_outbox_oldest_pending_seconds", oldestPendingMillis, millis -> millis.get() / 1000.0);
    }

    @Scheduled(every = "{pat.notifications.delivery-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return run().call(this::readDepth);
    }

    /** Looks for due deliveries now (after this instance committed an event), or right after the look under way. */
    public void wake() {
        if (enabled) {
            run().subscribe().with(ignored -> { }, failure -> { });
        }
    }

    private Uni<Void> run() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        return rounds(MAX_ROUNDS).eventually(() -> {
            running.set(false);
            if (again.getAndSet(false)) {
                wake();
            }
        });
    }

    /** Claims and attempts batches until none is full, at most {@code left} of them. */
    private Uni<Void> rounds(int left) {
        return queue.claim(batchSize, lease)
                .invoke(this::resume)
                .onFailure().invoke(this::pause)
                .onFailure().recoverWithItem(List.of())
                .flatMap(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.join().all(claimed.stream().map(this::attempt).toList()).andCollectFailures()
                            .onFailure().recoverWithNull()
                            .flatMap(ignored -> claimed.size() == batchSize && left > 1 ? rounds(left - 1) : Uni.createFrom().voidItem());
                });
    }

    private Uni<Void> attempt(DeliveryQueue.Claimed delivery) {
        String channel = delivery.webhookId() != null ? "webhook" : "email";
        Uni<Outcome> outcome;
        if (delivery.webhookId() == null) {
            outcome = mail(delivery);
        } else if (!delivery.webhookActive()) {
            outcome = Uni.createFrom().item(new Outcome(false, true, null, "the webhook was deactivated"));
        } else {
            outcome = post(delivery);
        }
        return outcome.onFailure().recoverWithItem(failure -> new Outcome(false, false, null, describe(failure)))
                .flatMap(result -> record(delivery, channel, result));
    }

    private Uni<Void> record(DeliveryQueue.Claimed delivery, String channel, Outcome outcome) {
        if (outcome.delivered()) {
            count(channel, delivery.event(), "delivered");
            return queue.delivered(delivery.id(), outcome.responseCode());
        }
        Duration next = outcome.permanent() ? null : schedule.after(delivery.attempts()).orElse(null);
        if (next == null) {
            count(channel, delivery.event(), "failed");
            Log.infof("notification_delivery=failed delivery_id=%s event_id=%s channel=%s attempts=%d error=\"%s\"",
                    delivery.id(), delivery.eventId(), channel, delivery.attempts(), outcome.error());
            return queue.failed(delivery.id(), outcome.responseCode(), outcome.error());
        }
        count(channel, delivery.event(), "retry");
        return queue.retry(delivery.id(), outcome.responseCode(), outcome.error(), next);
    }

    private Uni<Outcome> post(DeliveryQueue.Claimed delivery) {
        URI uri = URI.create(delivery.url());
        // The name is resolved off the event loop, and every address it has now must be allowed.
        return Uni.createFrom().item(() -> {
            try {
                return addresses.mayDeliverTo(uri.getHost());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("the host name does not resolve");
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).flatMap(allowed -> {
            if (!allowed) {
                return Uni.createFrom().item(new Outcome(false, true, null, "the URL resolves to a loopback or private address"));
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
                    .map(response -> Outcome.of(response.statusCode()));
        });
    }

    private Uni<Outcome> mail(DeliveryQueue.Claimed delivery) {
        JsonNode event;
        try {
            event = mapper.readTree(delivery.payload());
        } catch (java.io.IOException e) {
            return Uni.createFrom().item(new Outcome(false, true, null, "the event cannot be read"));
        }
        JsonNode token = event.path("data");
        String name = token.path("name").asText();
        String subject = switch (event.path("event").asText()) {
            case "token.expiring" -> "Your personal access token \"" + name + "\" expires on " + token.path("expiresAt").asText();
            case "token.expired" -> "Your personal access token \"" + name + "\" has expired";
            case "token.rotated" -> "Your personal access token \"" + name + "\" was rotated";
            case "token.revoked" -> "Your personal access token \"" + name + "\" was revoked";
            default -> "Your personal access token \"" + name + "\" changed";
        };
        String text = subject + ".\n\n"
                + "Token: " + name + " (" + token.path("id").asText() + ")\n"
                + "Expires at: " + (token.path("expiresAt").isNull() ? "never" : token.path("expiresAt").asText()) + "\n"
                + (event.hasNonNull("reason") ? "Revoked by: " + event.path("reason").asText() + "\n" : "")
                + "Event: " + event.path("event").asText() + " at " + event.path("createdAt").asText() + "\n\n"
                + "If this was not expected, review your tokens and revoke the ones you do not recognise.\n";
        return mailer.send(delivery.email(), subject, text).map(ignored -> new Outcome(true, false, null, null));
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

    /** A short reason for the delivery's record: never a stack trace, never the receiver's answer. */
    private static String describe(Throwable failure) {
        if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof HttpTimeoutException) {
            return "the receiver did not answer in time";
        }
        if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
            return "the receiver could not be reached";
        }
        if (failure instanceof IllegalStateException && failure.getMessage() != null) {
            return failure.getMessage();
        }
        Log.debugf(failure, "Delivery attempt failed");
        return "the delivery failed";
    }

    private void count(String channel, String event, String outcome) {
        registry.counter("pat_notification_deliveries_total", "channel", channel, "event", event, "outcome", outcome).increment();
    }

    private Uni<Void> readDepth() {
        long now = clock.millis();
        if (now - depthReadAt < DEPTH_EVERY_MS) {
            return Uni.createFrom().voidItem();
        }
        depthReadAt = now;
        return queue.depth().invoke(depth -> {
            pending.set(depth.pending());
            oldestPendingMillis.set((long) (depth.oldestPendingSeconds() * 1000));
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private void pause(Throwable failure) {
        if (!paused) {
            paused = true;
            Log.warnf("Notification delivery paused: the outbox cannot be read (%s); it resumes by itself", failure.getClass().getSimpleName());
        }
    }

    private void resume(List<DeliveryQueue.Claimed> claimed) {
        if (paused) {
            paused = false;
            Log.info("Notification delivery resumed");
        }
    }
}
