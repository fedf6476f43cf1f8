package dev.pat.notification.delivery;

import dev.pat.notification.NotificationConfig;
import dev.pat.notification.repository.DeliveryQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers what the outbox holds, on every replica: it claims due deliveries (see
 * {@link DeliveryQueue}), hands each to its sender ({@link WebhookSender} or {@link OwnerMail}), and
 * records the outcome. A failed attempt is tried again on the {@link RetrySchedule}; a receiver that
 * is down, slow or failing costs retries here and never a request of the API. While the database is
 * away nothing is claimed, and delivery resumes by itself.
 */
@Singleton
public class DeliveryWorker {

    private static final int MAX_ROUNDS = 10;
    private static final long DEPTH_EVERY_MS = 10_000;

    private final DeliveryQueue queue;
    private final WebhookSender webhooks;
    private final OwnerMail mail;
    private final MeterRegistry registry;
    private final InstantSource clock;
    private final boolean enabled;
    private final int batchSize;
    private final Duration lease;
    private final RetrySchedule schedule;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong();
    private volatile long depthReadAt = Long.MIN_VALUE;
    private volatile boolean paused;

    public DeliveryWorker(DeliveryQueue queue, WebhookSender webhooks, OwnerMail mail, MeterRegistry registry, InstantSource clock,
            NotificationConfig config) {
        this.queue = queue;
        this.webhooks = webhooks;
        this.mail = mail;
        this.registry = registry;
        this.clock = clock;
        this.enabled = config.workerEnabled();
        this.batchSize = config.batchSize();
        // Longer than any attempt can take: a claimed delivery is claimed again only when its replica is gone.
        this.lease = webhooks.timeout().multipliedBy(3).plusSeconds(30);
        this.schedule = new RetrySchedule(config.retryFirstDelay(), config.retryMaxDelay(), config.retryFor());
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
        Uni<DeliveryOutcome> outcome;
        if (delivery.webhookId() == null) {
            outcome = mail.send(delivery);
        } else if (!delivery.webhookActive()) {
            outcome = Uni.createFrom().item(DeliveryOutcome.givenUp("the webhook was deactivated"));
        } else {
            outcome = webhooks.post(delivery);
        }
        return outcome.onFailure().recoverWithItem(failure -> DeliveryOutcome.retry(null, describe(failure)))
                .flatMap(result -> record(delivery, channel, result));
    }

    private Uni<Void> record(DeliveryQueue.Claimed delivery, String channel, DeliveryOutcome outcome) {
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

    /** A short reason for the delivery's record: never a stack trace, never the receiver's answer. */
    private static String describe(Throwable failure) {
        if (failure instanceof CompletionException && failure.getCause() != null) {
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
