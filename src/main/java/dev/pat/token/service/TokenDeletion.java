package dev.pat.token.service;

import dev.pat.crud.Precondition;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Deleting a token removes its row; its secret is refused from the commit on. */
@ApplicationScoped
public class TokenDeletion {

    private final PersonalAccessTokenRepository tokens;
    private final TokenLookup lookup;
    private final TokenChanges changes;
    private final Transactions transactions;

    public TokenDeletion(PersonalAccessTokenRepository tokens, TokenLookup lookup, TokenChanges changes, Transactions transactions) {
        this.tokens = tokens;
        this.lookup = lookup;
        this.changes = changes;
        this.transactions = transactions;
    }

    public Uni<Void> delete(Caller caller, String id, Precondition precondition) {
        return transactions.write(transaction -> lookup.withGraph(caller, id).flatMap(token -> {
            precondition.check(token);
            PersonalAccessTokenBody last = PersonalAccessTokenBody.from(token);
            return tokens.delete(token).call(tokens::flush)
                    .call(() -> changes.record(transaction, TokenChange.deleted(caller.accountId(), last, caller)));
        }));
    }
}
