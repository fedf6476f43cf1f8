package dev.pat.token.change;

import dev.pat.platform.Transaction;
import dev.pat.token.repository.TokenChangeNotices;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Within the transaction: each of the changes, with as few notices as say them all. An owner with
     * one changed token gets a token notice; an owner with several, one user notice (every instance
     * then forgets all of that user's secrets: the others are read again at their next use, a cost
     * paid once, where a notice per token would cost a round trip here and a scan of the memory on
     * every instance per token). All notices go in one statement.
     */
    public Uni<Void> recordAll(Transaction transaction, List<TokenChange> changes) {
        if (changes.size() <= 1) {
            return changes.isEmpty() ? Uni.createFrom().voidItem() : record(transaction, changes.get(0));
        }
        Map<UUID, List<UUID>> refusedByOwner = new LinkedHashMap<>();
        for (TokenChange change : changes) {
            if (change.refusesSecrets()) {
                refusedByOwner.computeIfAbsent(change.ownerId(), owner -> new ArrayList<>()).add(change.tokenId());
            }
        }
        List<UUID> tokenNotices = new ArrayList<>();
        List<UUID> userNotices = new ArrayList<>();
        refusedByOwner.forEach((owner, tokens) -> {
            if (tokens.size() == 1) {
                tokenNotices.add(tokens.get(0));
            } else {
                userNotices.add(owner);
            }
        });
        transaction.afterCommit(() -> {
            tokenNotices.forEach(secrets::forgetToken);
            userNotices.forEach(secrets::forgetUser);
            changes.forEach(audit::record);
            outbox.committed();
        });
        List<TokenChange> told = changes.stream().filter(change -> change.event().wireName() != null).toList();
        return notices.changed(tokenNotices, userNotices).call(() -> told.isEmpty() ? Uni.createFrom().voidItem() : outbox.writeAll(told));
    }

    /** Within the transaction: a user's role changed or the user is deleted, so each of its secrets is checked again. */
    public Uni<Void> userChanged(Transaction transaction, UUID userId) {
        transaction.afterCommit(() -> secrets.forgetUser(userId));
        return notices.userChanged(userId);
    }
}
