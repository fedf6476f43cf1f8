package dev.pat.notification.delivery;

import dev.pat.notification.NotificationConfig;
import dev.pat.notification.WebhookConfig;
import dev.pat.notification.repository.DeliveryQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers what the outbox holds, on every replica: it claims due deliveries (see
 * {@link DeliveryQueue}), hands each to its sender ({@link WebhookSender} or {@link OwnerMail}), and
 * records the outcome. A failed attempt is tried again on the {@link RetrySchedule}; a receiver that
 * is down, slow or failing costs retries here and never a request of the API. While the database is
 * away nothing is claimed, and delivery resumes by itself.
 *
 * <p>No receiver holds up another account's deliveries. Claiming never waits for attempts: a look
 * claims as many deliveries as the instance has room for ({@code batch-size} attempts under way at
 * most), starts them, and is done; each attempt records its own outcome when it ends, and every
 * attempt ends, since each is bounded as a whole (by its sender, and here again as a backstop). A
 * look takes a few of each account's due deliveries in turn, never one account's whole backlog
 * ({@code batch-per-account}), and one receiver host gets a bounded share of the attempts
 * ({@link ReceiverSlots}); a delivery beyond that share goes back to the queue without counting as
 * an attempt, to be claimed again shortly.
 */
@Singleton
public class DeliveryWorker {

    private static final int MAX_ROUNDS = 10;
    private static final long DEPTH_EVERY_MS = 10_000;
    /** Beyond its own bound, how long the worker still waits for an attempt before it records a timeout itself. */
    private static final Duration BACKSTOP_GRACE = Duration.ofSeconds(2);

    private final DeliveryQueue queue;
    private final WebhookSender webhooks;
    private final OwnerMail mail;
    private final MeterRegistry registry;
    private final InstantSource clock;
    private final boolean enabled;
    private final int capacity;
    private final Duration lease;
    private final Duration webhookBound;
    private final Duration mailBound;
    private final Duration handBackDelay;
    private final RetrySchedule schedule;
    private final ReceiverSlots slots;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Set when a look stopped with deliveries possibly still due (no room, or rounds used up): an ending attempt looks again. */
    private final AtomicBoolean more = new AtomicBoolean();
    private final AtomicInteger underWay = new AtomicInteger();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong();
    private volatile long depthReadAt = Long.MIN_VALUE;
    private volatile boolean paused;

    public DeliveryWorker(DeliveryQueue queue, WebhookSender webhooks, OwnerMail mail, MeterRegistry registry, InstantSource clock,
            NotificationConfig config, WebhookConfig webhookConfig) {
        this.queue = queue;
        this.webhooks = webhooks;
        this.mail = mail;
        this.registry = registry;
        this.clock = clock;
        this.enabled = config.workerEnabled();
        this.capacity = Math.max(1, config.batchSize());
        this.webhookBound = webhooks.timeout().plus(BACKSTOP_GRACE);
        this.mailBound = config.email().timeout().plus(BACKSTOP_GRACE);
        // An attempt waits for a slot of its host for at most two bounds and takes at most one: the lease
        // outlasts that, so a claimed delivery is claimed again only when its replica is gone.
        this.lease = (webhookBound.compareTo(mailBound) > 0 ? webhookBound : mailBound).multipliedBy(4).plusSeconds(30);
        this.handBackDelay = config.deliveryPollInterval();
        this.schedule = new RetrySchedule(config.retryFirstDelay(), config.retryMaxDelay(), config.retryFor());
        this.slots = new ReceiverSlots(webhookConfig.maxConcurrentPerHost());
        registry.gauge("pat_notification_outbox_pending", pending);
        registry.gauge("pat_notification_outbox_oldest_pending_seconds", oldestPendingMillis, millis -> millis.get() / 1000.0);
        registry.gauge("pat_notification_attempts_under_way", underWay);
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

    /** One look: claims and starts; it ends once the claims are made, never waiting for an attempt. */
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

    /** Claims and starts deliveries while there is room and claims bring some, at most {@code left} claims. */
    private Uni<Void> rounds(int left) {
        int room = capacity - underWay.get();
        if (room <= 0) {
            more.set(true);
            return Uni.createFrom().voidItem();
        }
        return queue.claim(room, lease)
                .invoke(this::resume)
                .onFailure().invoke(this::pause)
                .onFailure().recoverWithItem(List.of())
                .flatMap(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<UUID> handedBack = new ArrayList<>();
                    for (DeliveryQueue.Claimed delivery : claimed) {
                        if (!start(delivery)) {
                            handedBack.add(delivery.id());
                        }
                    }
                    if (!handedBack.isEmpty()) {
                        // The busy hosts' deliveries come back at a later look; ReceiverSlots says when one has room again.
                        return queue.handBack(handedBack, handBackDelay).onFailure().recoverWithNull();
                    }
                    if (left <= 1) {
                        more.set(true);
                        return Uni.createFrom().voidItem();
                    }
                    return rounds(left - 1);
                });
    }

    /** Starts the attempt, or queues it behind its host's attempts; false when its host has no room, not even to wait. */
    private boolean start(DeliveryQueue.Claimed delivery) {
        if (delivery.webhookId() == null || !delivery.webhookActive()) {
            launch(delivery, null);
            return true;
        }
        String host = host(delivery);
        return slots.offer(host, () -> launch(delivery, host));
    }

    private void launch(DeliveryQueue.Claimed delivery, String host) {
        underWay.incrementAndGet();
        attempt(delivery).eventually(() -> {
            underWay.decrementAndGet();
            boolean hostHasRoom = host != null && slots.release(host);
            if (hostHasRoom | more.getAndSet(false)) {
                wake();
            }
        }).subscribe().with(ignored -> { }, failure -> Log.debugf(failure, "Recording a delivery's outcome failed; its lease brings it back"));
    }

    private Uni<Void> attempt(DeliveryQueue.Claimed delivery) {
        boolean webhook = delivery.webhookId() != null;
        String channel = webhook ? "webhook" : "email";
        // Deferred: whatever a sender throws becomes a failure of this attempt, never a slot that is not given back.
        Uni<DeliveryOutcome> outcome = Uni.createFrom().deferred(() -> {
            if (!webhook) {
                return mail.send(delivery);
            }
            return delivery.webhookActive() ? webhooks.post(delivery)
                    : Uni.createFrom().item(DeliveryOutcome.givenUp(DeliveryError.WEBHOOK_INACTIVE));
        });
        return outcome
                // A backstop: the senders bound their attempts themselves, this makes sure the slot comes back whatever happens.
                .ifNoItem().after(webhook ? webhookBound : mailBound).recoverWithItem(() -> DeliveryOutcome.retry(DeliveryError.TIMEOUT))
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf(failure, "Delivery attempt failed");
                    return DeliveryOutcome.retry(webhook ? DeliveryError.CONNECTION_FAILED : DeliveryError.MAIL_FAILED);
                })
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
            Log.infof("notification_delivery=failed delivery_id=%s event_id=%s channel=%s attempts=%d error=%s",
                    delivery.id(), delivery.eventId(), channel, delivery.attempts(), outcome.errorCode());
            return queue.failed(delivery.id(), outcome.responseCode(), outcome.errorCode());
        }
        count(channel, delivery.event(), "retry");
        return queue.retry(delivery.id(), outcome.responseCode(), outcome.errorCode(), next);
    }

    private static String host(DeliveryQueue.Claimed delivery) {
        try {
            return WebhookSender.host(delivery);
        } catch (IllegalArgumentException e) {
            // A URL written by hand that does not parse: its attempt fails on its own, under no host's bound but the empty one.
            return "";
        }
    }

    private void count(String channel, String event, String outcome) {
        registry.counter("pat_notification_deliveries_total", "channel", channel, "event", event, "outcome", outcome).increment();
    }

    private Uni<Void> readDepth() {
        long now = clock.millis();
        // The first read always happens (now - Long.MIN_VALUE would overflow to a negative number), and so
        // does one after the clock stepped back (NTP), which would otherwise freeze the gauges until it caught up.
        if (depthReadAt != Long.MIN_VALUE && now >= depthReadAt && now - depthReadAt < DEPTH_EVERY_MS) {
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
