package dev.pat.service;

import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.rest.PersonalAccessTokenBody;
import dev.pat.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes a token; its secret is refused from the commit on. */
@ApplicationScoped
public class DeleteTokenService {

    private final PersonalAccessTokenRepository tokens;
    private final TokenEvents events;

    public DeleteTokenService(PersonalAccessTokenRepository tokens, TokenEvents events) {
        this.tokens = tokens;
        this.events = events;
    }

    @WithTransaction
    public Uni<Void> delete(Caller caller, String id, String ifMatch) {
        return TokenLookup.visible(tokens, caller, id).flatMap(token -> {
            IfMatch.check(ifMatch, PersonalAccessTokenBody.etag(token));
            return tokens.delete(token).call(tokens::flush).invoke(() -> events.record(TokenEvents.Event.DELETED, token));
        });
    }
}
