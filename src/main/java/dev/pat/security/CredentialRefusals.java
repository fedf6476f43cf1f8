package dev.pat.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refused credentials, JWTs and token secrets alike: counted in {@code pat_credentials_refused_total}
 * by reason (never by id, user or secret), and logged at most once a second per reason, so that a
 * flood of bad credentials shows in the counter, not as a flood of log lines. The line after a
 * quiet spell says how many refusals of that reason it stands for.
 */
@ApplicationScoped
public class CredentialRefusals {

    /** Why a presented credential was refused. */
    public enum Reason { MISSING, MALFORMED, UNKNOWN, REVOKED, EXPIRED, BAD_SIGNATURE, INVALID_JWT, ADDRESS_NOT_ALLOWED }

    private static final long LOG_INTERVAL_MILLIS = 1_000;

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);
    private final Map<Reason, AtomicLong> lastLogged = new EnumMap<>(Reason.class);
    private final Map<Reason, AtomicLong> notLogged = new EnumMap<>(Reason.class);
    private final InstantSource clock;

    public CredentialRefusals(MeterRegistry registry, InstantSource clock) {
        this.clock = clock;
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("pat.credentials.refused").description("Credentials refused, by reason")
                    .tag("reason", reason.name().toLowerCase()).register(registry));
            lastLogged.put(reason, new AtomicLong(Long.MIN_VALUE));
            notLogged.put(reason, new AtomicLong());
        }
    }

    /** A refusal that names no token (a JWT, a malformed or unknown secret). */
    public void refused(Reason reason) {
        refused(reason, null, null, null);
    }

    /** A refused secret of a known token: the line names the token, its user and account. */
    public void refused(Reason reason, UUID tokenId, UUID userId, UUID accountId) {
        refused(reason, tokenId, userId, accountId, null);
    }

    /**
     * A secret of a known token refused for where it came from: the line names the client address too
     * ("unknown" when there was none), so that an operator sees where a bound secret turned up.
     */
    public void refused(Reason reason, UUID tokenId, UUID userId, UUID accountId, String clientAddress) {
        counters.get(reason).increment();
        long now = clock.millis();
        AtomicLong last = lastLogged.get(reason);
        long previous = last.get();
        if (previous != Long.MIN_VALUE && now - previous < LOG_INTERVAL_MILLIS || !last.compareAndSet(previous, now)) {
            notLogged.get(reason).incrementAndGet();
            return;
        }
        long alsoRefused = notLogged.get(reason).getAndSet(0);
        String name = reason.name().toLowerCase();
        if (tokenId == null) {
            Log.infof("token_event=refused reason=%s unlogged_since_last=%d", name, alsoRefused);
        } else {
            Log.infof("token_event=refused reason=%s token_id=%s user_id=%s account_id=%s%s unlogged_since_last=%d",
                    name, tokenId, userId, accountId, clientAddress == null ? "" : " client_address=" + clientAddress, alsoRefused);
        }
    }
}
