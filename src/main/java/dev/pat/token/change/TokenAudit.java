package dev.pat.token.change;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * The token lifecycle as an audit trail and as metrics: one structured log line per committed
 * change, with token, owner and account ids, the actor and the kind of credential it used (never a
 * secret), and {@code pat_token_events_total} labelled only by event, so no id ever becomes a label.
 */
@ApplicationScoped
public class TokenAudit {

    private final Map<TokenEvent, Counter> counters = new EnumMap<>(TokenEvent.class);

    public TokenAudit(MeterRegistry registry) {
        for (TokenEvent event : TokenEvent.values()) {
            if (event.auditName() != null) {
                counters.put(event, Counter.builder("pat.token.events").description("Personal access token lifecycle events")
                        .tag("event", event.auditName()).register(registry));
            }
        }
    }

    /** One line for a committed change; reminders change nothing and make none. */
    void record(TokenChange change) {
        Counter counter = counters.get(change.event());
        if (counter == null) {
            return;
        }
        counter.increment();
        String actorId = change.actor() == null ? "none" : change.actor().userId().toString();
        String credential = change.actor() == null ? "none" : change.actor().tokenId() == null ? "jwt" : "token";
        Log.infof("token_event=%s%s token_id=%s user_id=%s account_id=%s actor_id=%s actor_credential=%s%s",
                change.event().auditName(), change.reason() == null ? "" : " reason=" + change.reason().wireName(),
                change.token().id(), change.token().userId(), change.accountId(), actorId, credential,
                change.clientAddress() == null ? "" : " client_address=" + change.clientAddress());
    }
}
