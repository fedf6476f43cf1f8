package dev.pat.service;

import dev.pat.model.PersonalAccessToken;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The token lifecycle as an audit trail: one structured line per event, with token, user and
 * account ids, never a secret.
 */
@ApplicationScoped
public class TokenEvents {

    public enum Event { CREATED, UPDATED, REVOKED, ROTATED, DELETED }

    /** Why a presented secret was refused. */
    public enum Refusal { MALFORMED, UNKNOWN, REVOKED, EXPIRED }

    public void record(Event event, PersonalAccessToken token) {
        Log.infof("token_event=%s token_id=%s user_id=%s account_id=%s",
                event.name().toLowerCase(), token.id, token.user.id, token.accountId);
    }

    public void refused(Refusal reason, UUID tokenId, UUID userId, UUID accountId) {
        if (tokenId == null) {
            Log.infof("token_event=refused reason=%s", reason.name().toLowerCase());
        } else {
            Log.infof("token_event=refused reason=%s token_id=%s user_id=%s account_id=%s",
                    reason.name().toLowerCase(), tokenId, userId, accountId);
        }
    }
}
