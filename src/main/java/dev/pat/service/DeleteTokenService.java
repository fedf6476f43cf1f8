package dev.pat.service;

import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.rest.PersonalAccessTokenBody;
import dev.pat.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes a token; its secret is refused from the commit on. */
@ApplicationScoped
public class DeleteTokenService {

    private final PersonalAccessTokenRepository tokens;
    private final TokenEvents events;
    private final Transactions transactions;

    public DeleteTokenService(PersonalAccessTokenRepository tokens, TokenEvents events, Transactions transactions) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.events = events;
    }

    public Uni<Void> delete(Caller caller, String id, String ifMatch) {
        return transactions.run(() -> TokenLookup.visible(tokens, caller, id).flatMap(token -> {
            IfMatch.check(ifMatch, PersonalAccessTokenBody.etag(token));
            return tokens.delete(token).call(tokens::flush).replaceWith(token.user.id);
        })).invoke(ownerId -> events.record(TokenEvents.Event.DELETED, id, ownerId.toString(), caller.accountId()))
                .replaceWithVoid();
    }
}
