package dev.pat.credential.cache;

import dev.pat.credential.SecretCacheConfig;
import dev.pat.platform.database.PoolOptionsCustomizer;
import dev.pat.token.repository.TokenChangeNotices;
import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This instance's ear on the token-change channel ({@link TokenChangeNotices}): a {@code LISTEN} on
 * a connection of its own, outside the request pool, connected exactly as the pool is (address,
 * credentials, TLS). Its life is proven, not assumed: every heartbeat interval a round trip on that
 * very connection must come back within the heartbeat timeout, else the connection is declared lost
 * (and closed). A connection that died silently (a NAT or load balancer that forgot it, a failover
 * behind a moved address) never reports its end, so without this the instance would believe it
 * listens forever. When the connection is lost the listener hears so at once, and the feed listens
 * again after a second, for as long as it takes.
 */
@Singleton
public class TokenChangeFeed {

    /** What a listener is told. */
    public interface Listener {
        /** A token changed (revoked, rotated, deleted, its expiry or scopes changed). */
        void tokenChanged(UUID tokenId);

        /** A user changed (its role) or was deleted, with its tokens. */
        void userChanged(UUID userId);

        /** Notices arrive from now on. */
        void listening();

        /** The connection just proved it is alive: every notice sent before now has been heard. */
        void alive();

        /** Notices may be missed from now on, until {@link #listening()}. */
        void deaf();
    }

    private static final long RECONNECT_DELAY_MS = 1000;

    private final Vertx vertx;
    private final Pool pool;
    private final PoolOptionsCustomizer poolOptions;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;
    private volatile long heartbeatTimer = -1;
    /** At most one reconnection is pending, however many ways a connection reports its end. */
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final AtomicBoolean beating = new AtomicBoolean();

    public TokenChangeFeed(Vertx vertx, Pool pool, PoolOptionsCustomizer poolOptions, SecretCacheConfig config) {
        this.vertx = vertx;
        this.pool = pool;
        this.poolOptions = poolOptions;
        this.heartbeatInterval = config.heartbeatInterval();
        this.heartbeatTimeout = config.heartbeatTimeout();
    }

    /** Starts listening; the listener hears {@link Listener#deaf()} until the first LISTEN succeeds. */
    public void listen(Listener listener) {
        stopped = false;
        connect(listener);
        PgConnectOptions options = connectOptions();
        Duration period = heartbeatPeriod(heartbeatInterval, options == null ? 0 : options.getReadIdleTimeout());
        if (!period.equals(heartbeatInterval)) {
            Log.warnf("PAT_SECRET_CACHE_HEARTBEAT_INTERVAL (%s) is not well below PAT_DATABASE_DEAD_CONNECTION_TIMEOUT: the feed's"
                    + " connection would be closed as dead between heartbeats and the secret memory emptied each time; it beats"
                    + " every %s instead", heartbeatInterval, period);
        }
        heartbeatTimer = vertx.setPeriodic(period.toMillis(), id -> heartbeat(listener));
    }

    /**
     * How often the feed beats: as configured, but at least twice per dead-connection timeout (the
     * longest a connection may say nothing before it is closed as dead; 0 for none), because a feed
     * closed between heartbeats is a feed lost, again and again.
     */
    static Duration heartbeatPeriod(Duration configured, long deadAfterMillis) {
        if (deadAfterMillis <= 0 || configured.toMillis() <= deadAfterMillis / 2) {
            return configured;
        }
        return Duration.ofMillis(Math.max(1, deadAfterMillis / 2));
    }

    public void stop() {
        stopped = true;
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private void connect(Listener listener) {
        if (stopped) {
            return;
        }
        PgConnectOptions options = connectOptions();
        if (options == null) {
            // The pool is not made yet (it is made on first use); listening waits for it.
            lost(listener, null);
            return;
        }
        PgSubscriber next = PgSubscriber.subscriber(vertx, options)
                // No reconnection inside the subscriber: its losses must be heard, so this class reconnects.
                .reconnectPolicy(attempts -> -1L);
        next.channel(TokenChangeNotices.CHANNEL)
                .subscribeHandler(listener::listening)
                .handler(payload -> dispatch(listener, payload));
        next.closeHandler(() -> lost(listener, next));
        subscriber = next;
        next.connect().subscribe().with(
                ignored -> Log.debug("Listening for token changes"),
                failure -> lost(listener, next));
    }

    /** A round trip on the listening connection itself; no answer within the timeout is a lost connection. */
    private void heartbeat(Listener listener) {
        PgSubscriber current = subscriber;
        if (stopped || current == null || current.closed() || current.actualConnection() == null
                || !beating.compareAndSet(false, true)) {
            return;
        }
        current.actualConnection().query("SELECT 1").execute()
                .ifNoItem().after(heartbeatTimeout).fail()
                .subscribe().with(
                        rows -> {
                            beating.set(false);
                            if (current == subscriber) {
                                listener.alive();
                            }
                        },
                        failure -> {
                            beating.set(false);
                            Log.warnf("The token-change feed's connection did not answer a heartbeat within %s: declared lost",
                                    heartbeatTimeout);
                            lost(listener, current);
                        });
    }

    /** The connection of {@code ended} is gone, never came, or went silent: deaf until a new one listens. */
    private void lost(Listener listener, PgSubscriber ended) {
        listener.deaf();
        if (stopped || ended != subscriber || !reconnecting.compareAndSet(false, true)) {
            return;
        }
        if (ended != null) {
            // A silent connection would never close itself: close it from this side.
            ended.closeAndForget();
        }
        vertx.setTimer(RECONNECT_DELAY_MS, id -> {
            reconnecting.set(false);
            connect(listener);
        });
    }

    private static void dispatch(Listener listener, String payload) {
        TokenChangeNotices.parse(payload).ifPresentOrElse(notice -> {
            if (notice.user()) {
                listener.userChanged(notice.id());
            } else {
                listener.tokenChanged(notice.id());
            }
        }, () -> Log.warnf("Ignored a malformed notice on %s", TokenChangeNotices.CHANNEL));
    }

    /** The pool's own options (address, credentials, TLS, timeouts), named apart in the database's view. */
    private PgConnectOptions connectOptions() {
        PgConnectOptions options = poolOptions.connectOptions();
        if (options == null) {
            // Using the pool makes it: it exists from then on, with its options.
            pool.getDelegate();
            options = poolOptions.connectOptions();
        }
        if (options != null) {
            Map<String, String> properties = new HashMap<>(options.getProperties());
            properties.put("application_name", "pat-service-listener");
            options.setProperties(properties);
        }
        return options;
    }
}
