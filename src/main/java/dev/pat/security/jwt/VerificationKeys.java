package dev.pat.security.jwt;

import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Context;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The JWT verification keys when they come from a remote JWKS (an {@code http(s)://} key location,
 * which the README recommends in production), so that a key the identity provider withdraws stops
 * being trusted within minutes.
 *
 * <p>The set is fetched with the JDK's asynchronous HTTP client (no event-loop thread ever waits on
 * the network), kept in memory, and fetched again in the background when it is older than the
 * refresh interval (the current keys keep serving meanwhile) and when a token names a key id the set
 * lacks, at most once per {@code unknown-key-refresh-interval} so that invented key ids cannot turn
 * into a flood of requests to the identity provider. Each change of the set increases
 * {@link #generation()}, which makes {@link CachingJwtParser} forget every token it verified before.
 * With a local key location (a file, the classpath) this is inactive and SmallRye resolves the key.
 */
@Singleton
public class VerificationKeys {

    private record Snapshot(JsonWebKeySet keys, String content, long fetchedAtNanos, long generation) {
    }

    private final URI location;
    private final Duration refreshInterval;
    private final Duration unknownKeyRefreshInterval;
    private final Duration fetchTimeout;
    private final HttpClient http;
    private final AtomicReference<CompletableFuture<Snapshot>> inFlight = new AtomicReference<>();
    private volatile Snapshot current;
    private volatile long lastUnknownKeyRefreshNanos;
    private volatile boolean failing;

    @Inject
    public VerificationKeys(JWTAuthContextInfo contextInfo, JwksConfig config) {
        this(contextInfo.getPublicKeyLocation(), config);
    }

    VerificationKeys(String location, JwksConfig config) {
        boolean remote = location != null && (location.startsWith("https://") || location.startsWith("http://"));
        this.location = remote ? URI.create(location) : null;
        this.refreshInterval = config.refreshInterval();
        this.unknownKeyRefreshInterval = config.unknownKeyRefreshInterval();
        this.fetchTimeout = config.fetchTimeout();
        this.http = remote ? HttpClient.newBuilder().connectTimeout(fetchTimeout).build() : null;
        this.lastUnknownKeyRefreshNanos = System.nanoTime() - unknownKeyRefreshInterval.toNanos();
    }

    /** Whether the keys come from a remote JWKS held here (otherwise SmallRye resolves them). */
    public boolean remote() {
        return location != null;
    }

    /** Increases with every change of the key set; 0 before the first fetch. */
    public long generation() {
        Snapshot snapshot = current;
        return snapshot == null ? 0 : snapshot.generation();
    }

    /** Starts a background fetch when the set is older than the refresh interval; never waits. */
    public void refreshIfStale() {
        Snapshot snapshot = current;
        if (remote() && (snapshot == null || System.nanoTime() - snapshot.fetchedAtNanos() > refreshInterval.toNanos())) {
            refresh();
        }
    }

    /**
     * The public key that a token with this header names. Quarkus verifies JWTs on a worker thread
     * when the key location is remote, so waiting for a fetch here blocks no event loop; should it
     * ever be called on one, it does not wait and the token is refused.
     */
    public PublicKey keyFor(String keyId, String algorithm) throws ParseException {
        Snapshot snapshot = current;
        if (snapshot == null && (!failing || mayRefreshForUnknownKey())) {
            snapshot = await(refresh());
        }
        PublicKey key = find(snapshot, keyId, algorithm);
        if (key == null && mayRefreshForUnknownKey()) {
            key = find(await(refresh()), keyId, algorithm);
        }
        if (key == null) {
            throw new ParseException("No verification key for this token's key id");
        }
        return key;
    }

    private boolean mayRefreshForUnknownKey() {
        long now = System.nanoTime();
        long last = lastUnknownKeyRefreshNanos;
        if (now - last < unknownKeyRefreshInterval.toNanos()) {
            return false;
        }
        lastUnknownKeyRefreshNanos = now;
        return true;
    }

    private static PublicKey find(Snapshot snapshot, String keyId, String algorithm) {
        if (snapshot == null) {
            return null;
        }
        String keyType = algorithm == null ? null : algorithm.startsWith("ES") ? "EC" : algorithm.startsWith("RS") || algorithm.startsWith("PS") ? "RSA" : null;
        if (keyType == null) {
            return null;
        }
        List<JsonWebKey> candidates = snapshot.keys().findJsonWebKeys(keyId, keyType, null, null);
        candidates.removeIf(key -> key.getUse() != null && !"sig".equals(key.getUse())
                || key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm));
        // A token without a key id is accepted only when the set leaves no choice.
        if (candidates.size() != 1 || !(candidates.get(0) instanceof PublicJsonWebKey publicKey)) {
            return null;
        }
        return publicKey.getPublicKey();
    }

    private Snapshot await(CompletableFuture<Snapshot> fetch) throws ParseException {
        if (Context.isOnEventLoopThread()) {
            return current;
        }
        try {
            return fetch.get(fetchTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseException("Interrupted while fetching the verification keys");
        } catch (ExecutionException | TimeoutException e) {
            return current;
        }
    }

    /** One fetch at a time; callers that arrive while one runs share it. */
    private CompletableFuture<Snapshot> refresh() {
        CompletableFuture<Snapshot> running = inFlight.get();
        if (running != null) {
            return running;
        }
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        if (!inFlight.compareAndSet(null, mine)) {
            return inFlight.get();
        }
        HttpRequest request = HttpRequest.newBuilder(location).timeout(fetchTimeout)
                .header("Accept", "application/json").GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                mine.complete(accept(response, failure));
            } catch (RuntimeException e) {
                mine.complete(current);
            } finally {
                inFlight.set(null);
            }
        });
        return mine;
    }

    private Snapshot accept(HttpResponse<String> response, Throwable failure) {
        Snapshot previous = current;
        String problem;
        if (failure != null) {
            problem = "could not be fetched (" + failure.getClass().getSimpleName() + ")";
        } else if (response.statusCode() != 200) {
            problem = "answered HTTP " + response.statusCode();
        } else {
            try {
                String content = response.body();
                JsonWebKeySet keys = new JsonWebKeySet(content);
                boolean changed = previous == null || !previous.content().equals(content);
                long generation = previous == null ? 1 : previous.generation() + (changed ? 1 : 0);
                Snapshot next = new Snapshot(keys, content, System.nanoTime(), generation);
                current = next;
                if (failing || previous != null && changed) {
                    Log.infof("JWT verification keys %s from %s (%d keys)", changed ? "changed" : "fetched again", location, keys.getJsonWebKeys().size());
                }
                failing = false;
                return next;
            } catch (JoseException e) {
                problem = "is not a JSON Web Key Set";
            }
        }
        if (!failing) {
            // Once per run of failures; the keys fetched before stay in use meanwhile.
            Log.warnf("The JWKS at %s %s; keeping the %s", location, problem, previous == null ? "service without keys (JWTs are refused)" : "keys fetched before");
            failing = true;
        }
        if (previous != null) {
            // Try again after a refresh interval, not on every request.
            current = new Snapshot(previous.keys(), previous.content(), System.nanoTime(), previous.generation());
        }
        return current;
    }
}
