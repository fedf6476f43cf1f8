package dev.pat.token.change;

import dev.pat.platform.Transaction;
import dev.pat.token.repository.TokenChangeNotices;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/**
 * The one place a token change is recorded; every service that changes a token calls it.
 *
 * <p>Inside the change's transaction: the change notice every instance listens for (only when the
 * change can refuse a secret) and the event's outbox rows (when webhooks can subscribe to it), so
 * both commit with the change or not at all. After the commit: this instance forgets the token's
 * secrets before it answers, the audit line and counter, and the delivery worker's wake-up.
 */
@Singleton
public record TokenChanges(TokenChangeNotices notices, TokenEventOutbox outbox, CachedSecrets secrets, TokenAudit audit) {

    /** Within the transaction of the change (after its rows were flushed). */
    public Uni<Void> record(Transaction transaction, TokenChange change) {
        transaction.afterCommit(() -> {
            if (change.refusesSecrets()) {
                secrets.forgetToken(change.tokenId());
            }
            audit.record(change);
            outbox.committed();
        });
        Uni<Void> notice = change.refusesSecrets() ? notices.tokenChanged(change.tokenId()) : Uni.createFrom().voidItem();
        return change.event().wireName() == null ? notice : notice.chain(() -> outbox.write(change));
    }

    /** Within the transaction: each of the changes, one after the other. */
    public Uni<Void> recordAll(Transaction transaction, List<TokenChange> changes) {
        Uni<Void> recorded = Uni.createFrom().voidItem();
        for (TokenChange change : changes) {
            recorded = recorded.call(() -> record(transaction, change));
        }
        return recorded;
    }

    /** Within the transaction: a user's role changed or the user is deleted, so each of its secrets is checked again. */
    public Uni<Void> userChanged(Transaction transaction, UUID userId) {
        transaction.afterCommit(() -> secrets.forgetUser(userId));
        return notices.userChanged(userId);
    }
}
