package dev.pat.token.service;

import dev.pat.crud.Precondition;
import dev.pat.crud.Versioned;
import dev.pat.platform.Transaction;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The steps every change of an existing token takes, in one transaction: the token the caller may
 * see (with its user graph), the If-Match precondition checked against it, the change, its write,
 * and the record of what happened ({@link TokenChanges}).
 */
@Singleton
public record TokenWriter(PersonalAccessTokenRepository tokens, TokenLookup lookup, TokenChanges changes,
        Transactions transactions) {

    /** The work, in one transaction, on the token the caller names once the precondition holds. */
    <T> Uni<T> change(Caller caller, String id, Precondition precondition, BiFunction<Transaction, PersonalAccessToken, Uni<T>> work) {
        return transactions.write(transaction -> lookup.withGraph(caller, id).flatMap(token -> {
            precondition.check(token);
            return work.apply(transaction, token);
        }));
    }

    /**
     * Writes the token's changed fields and records the change; answers the body as written (the
     * version moves with the write).
     */
    Uni<Versioned<PersonalAccessTokenBody>> save(Transaction transaction, PersonalAccessToken token,
            Function<PersonalAccessToken, PersonalAccessTokenBody> body, Function<PersonalAccessTokenBody, TokenChange> change) {
        return tokens.flush().map(ignored -> Versioned.of(body.apply(token), token))
                .call(saved -> changes.record(transaction, change.apply(saved.body())));
    }

    /** Within the transaction: a secret the token had joins its family's history (a rotation replaced it). */
    Uni<Void> rememberFormerSecret(PersonalAccessToken token, byte[] digest, Instant replacedAt) {
        return tokens.rememberFormerSecret(token, digest, replacedAt);
    }

    /** Deletes the token's row and records the deletion, with the token as it was. */
    Uni<Void> delete(Transaction transaction, PersonalAccessToken token, Function<PersonalAccessTokenBody, TokenChange> change) {
        PersonalAccessTokenBody last = PersonalAccessTokenBody.from(token);
        return tokens.delete(token).call(tokens::flush).call(() -> changes.record(transaction, change.apply(last)));
    }
}
