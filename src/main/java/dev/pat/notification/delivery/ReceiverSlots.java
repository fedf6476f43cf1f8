package dev.pat.notification.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The share of this instance's attempts one receiver host gets: at most {@code perHost} under way
 * at once, and as many again twice over waiting their turn in memory (claimed already; each starts
 * as soon as an attempt to its host ends, and since every attempt is bounded, it starts well within
 * its lease). Beyond those, {@link #offer} refuses, and the worker hands the delivery back to the
 * queue. A receiver, however slow or however many webhooks point at it, thus holds a bounded part
 * of the instance's attempts. In memory, per instance; a host is forgotten once idle.
 */
final class ReceiverSlots {

    private static final class Host {
        int running;
        boolean refused;
        final Deque<Runnable> waiting = new ArrayDeque<>();
    }

    private final int perHost;
    private final int waitingPerHost;
    private final Map<String, Host> hosts = new HashMap<>();

    ReceiverSlots(int perHost) {
        this.perHost = Math.max(1, perHost);
        this.waitingPerHost = 2 * this.perHost;
    }

    /**
     * Starts the attempt now, or queues it for the host's next free slot. False when the host's
     * queue is full as well: then the attempt is not run, and the caller hands it back.
     */
    boolean offer(String host, Runnable attempt) {
        synchronized (this) {
            Host slots = hosts.computeIfAbsent(host, ignored -> new Host());
            if (slots.running >= perHost) {
                if (slots.waiting.size() < waitingPerHost) {
                    slots.waiting.add(attempt);
                    return true;
                }
                slots.refused = true;
                return false;
            }
            slots.running++;
        }
        attempt.run();
        return true;
    }

    /**
     * An attempt to the host ended: the next one waiting starts in its slot. True when the host had
     * refused attempts and now has room again, so that the worker looks for them at once.
     */
    boolean release(String host) {
        Runnable next;
        boolean room = false;
        synchronized (this) {
            Host slots = hosts.get(host);
            if (slots == null) {
                return false;
            }
            next = slots.waiting.poll();
            if (next == null) {
                slots.running--;
                room = slots.refused;
                slots.refused = false;
                if (slots.running == 0) {
                    hosts.remove(host);
                }
            }
        }
        if (next != null) {
            next.run();
        }
        return room;
    }
}
