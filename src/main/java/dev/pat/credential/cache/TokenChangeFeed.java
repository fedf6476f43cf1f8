package dev.pat.credential.cache;

import dev.pat.token.repository.TokenChangeNotices;
import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.Config;

/**
 * This instance's ear on the token-change channel ({@link TokenChangeNotices}): a {@code LISTEN} on
 * a connection of its own, outside the request pool. When that connection is lost it says so at
 * once, and listens again after a second, for as long as it takes.
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

        /** Notices may be missed from now on, until {@link #listening()}. */
        void deaf();
    }

    private static final long RECONNECT_DELAY_MS = 1000;

    private final Vertx vertx;
    private final Config config;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopped;
    /** At most one reconnection is pending, however many ways a connection reports its end. */
    private final AtomicBoolean reconnecting = new AtomicBoolean();

    public TokenChangeFeed(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Starts listening; the listener hears {@link Listener#deaf()} until the first LISTEN succeeds. */
    public void listen(Listener listener) {
        stopped = false;
        connect(listener);
    }

    public void stop() {
        stopped = true;
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private void connect(Listener listener) {
        if (stopped) {
            return;
        }
        PgSubscriber next = PgSubscriber.subscriber(vertx, connectOptions())
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

    /** The connection of {@code ended} is gone or never came: deaf until a new one listens. */
    private void lost(Listener listener, PgSubscriber ended) {
        listener.deaf();
        if (stopped || ended != subscriber || !reconnecting.compareAndSet(false, true)) {
            return;
        }
        ended.closeAndForget();
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

    private PgConnectOptions connectOptions() {
        String url = config.getValue("quarkus.datasource.reactive.url", String.class);
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        options.setConnectTimeout(3000);
        options.addProperty("application_name", "pat-service-listener");
        return options;
    }
}
