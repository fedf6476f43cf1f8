package dev.pat.token.service;

import dev.pat.crud.Precondition;
import dev.pat.security.Caller;
import dev.pat.token.change.TokenChange;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Deleting a token removes its row; its secret is refused from the commit on. */
@Singleton
public record TokenDeletion(TokenWriter writer) {

    public Uni<Void> delete(Caller caller, String id, Precondition precondition) {
        return writer.change(caller, id, precondition, (transaction, token) -> writer.delete(transaction, token,
                last -> TokenChange.deleted(caller.accountId(), last, caller)));
    }
}
