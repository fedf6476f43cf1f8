package dev.pat.service;

import dev.pat.api.PersonalAccessTokenBody;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

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

    private final Map<Event, Counter> events = new EnumMap<>(Event.class);
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);

    public TokenEvents(MeterRegistry registry) {
        for (Event event : Event.values()) {
            events.put(event, Counter.builder("pat.token.events").description("Personal access token lifecycle events")
                    .tag("event", event.name().toLowerCase()).register(registry));
        }
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, Counter.builder("pat.credentials.refused").description("Credentials refused, by reason")
                    .tag("reason", refusal.name().toLowerCase()).register(registry));
        }
    }

    /** Records a committed event of the token the body shows. */
    public void record(Event event, PersonalAccessTokenBody token, UUID accountId) {
        record(event, token.id(), token.userId(), accountId);
    }

    public void record(Event event, String tokenId, String userId, UUID accountId) {
        events.get(event).increment();
        Log.infof("token_event=%s token_id=%s user_id=%s account_id=%s",
                event.name().toLowerCase(), tokenId, userId, accountId);
    }

    public void refused(Refusal reason, UUID tokenId, UUID userId, UUID accountId) {
        refusals.get(reason).increment();
        if (tokenId == null) {
            Log.infof("token_event=refused reason=%s", reason.name().toLowerCase());
        } else {
            Log.infof("token_event=refused reason=%s token_id=%s user_id=%s account_id=%s",
                    reason.name().toLowerCase(), tokenId, userId, accountId);
        }
    }
}
