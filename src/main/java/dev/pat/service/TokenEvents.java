package dev.pat.service;

import dev.pat.api.PersonalAccessTokenBody;
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
 * The token lifecycle as an audit trail and as metrics: one structured log line per event, with
 * token, user and account ids (never a secret), and counters labelled only by event or refusal
 * reason, so no id, user or secret ever becomes a metric label.
 */
@ApplicationScoped
public class TokenEvents {

    public enum Event { CREATED, UPDATED, REVOKED, ROTATED, DELETED }

    /** Why a presented credential was refused. */
    public enum Refusal { MISSING, MALFORMED, UNKNOWN, REVOKED, EXPIRED, BAD_SIGNATURE, INVALID_JWT }

    private static final long REFUSAL_LOG_INTERVAL_MILLIS = 1_000;

    private final Map<Event, Counter> events = new EnumMap<>(Event.class);
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final Map<Refusal, AtomicLong> lastRefusalLogged = new EnumMap<>(Refusal.class);
    private final Map<Refusal, AtomicLong> refusalsNotLogged = new EnumMap<>(Refusal.class);
    private final InstantSource clock;

    public TokenEvents(MeterRegistry registry, InstantSource clock) {
        this.clock = clock;
        for (Event event : Event.values()) {
            events.put(event, Counter.builder("pat.token.events").description("Personal access token lifecycle events")
                    .tag("event", event.name().toLowerCase()).register(registry));
        }
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, Counter.builder("pat.credentials.refused").description("Credentials refused, by reason")
                    .tag("reason", refusal.name().toLowerCase()).register(registry));
            lastRefusalLogged.put(refusal, new AtomicLong(Long.MIN_VALUE));
            refusalsNotLogged.put(refusal, new AtomicLong());
        }
    }

    /** Records a committed event of the token the body shows, and who did it. */
    public void record(Event event, PersonalAccessTokenBody token, Caller actor) {
        record(event, token.id(), token.userId(), actor);
    }

    /** One line per event: the token, its owner, the account, and the actor with the kind of credential it used. */
    public void record(Event event, String tokenId, String ownerId, Caller actor) {
        events.get(event).increment();
        Log.infof("token_event=%s token_id=%s user_id=%s account_id=%s actor_id=%s actor_credential=%s",
                event.name().toLowerCase(), tokenId, ownerId, actor.accountId(), actor.userId(),
                actor.tokenId() == null ? "jwt" : "token");
    }

    /** A token revoked because its secret was reported leaked: no actor, the report is anonymous. */
    public void leaked(UUID tokenId, UUID ownerId, UUID accountId) {
        events.get(Event.REVOKED).increment();
        Log.infof("token_event=revoked reason=leaked token_id=%s user_id=%s account_id=%s actor_id=none actor_credential=none",
                tokenId, ownerId, accountId);
    }

    /**
     * Counts a refused credential, and logs it at most once a second per reason: a flood of bad
     * credentials shows in the counter, not as a flood of log lines. The line after a quiet spell
     * says how many refusals of that reason it stands for.
     */
    public void refused(Refusal reason, UUID tokenId, UUID userId, UUID accountId) {
        refusals.get(reason).increment();
        long now = clock.millis();
        AtomicLong last = lastRefusalLogged.get(reason);
        long previous = last.get();
        if (previous != Long.MIN_VALUE && now - previous < REFUSAL_LOG_INTERVAL_MILLIS || !last.compareAndSet(previous, now)) {
            refusalsNotLogged.get(reason).incrementAndGet();
            return;
        }
        long alsoRefused = refusalsNotLogged.get(reason).getAndSet(0);
        String reasonName = reason.name().toLowerCase();
        if (tokenId == null) {
            Log.infof("token_event=refused reason=%s unlogged_since_last=%d", reasonName, alsoRefused);
        } else {
            Log.infof("token_event=refused reason=%s token_id=%s user_id=%s account_id=%s unlogged_since_last=%d",
                    reasonName, tokenId, userId, accountId, alsoRefused);
        }
    }
}
