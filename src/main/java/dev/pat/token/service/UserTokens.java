package dev.pat.token.service;

import dev.pat.directory.model.AppUser;
import dev.pat.directory.service.UserChangeListener;
import dev.pat.platform.Transaction;
import dev.pat.security.Caller;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.RevokeReason;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A user's tokens follow the user: a new role is checked at each token's next use, and a deleted
 * user's tokens are deleted with it, each not yet revoked making a token.revoked event (reason
 * user_deleted).
 */
@ApplicationScoped
public class UserTokens implements UserChangeListener {

    private final PersonalAccessTokenRepository tokens;
    private final TokenChanges changes;
    private final InstantSource clock;

    public UserTokens(PersonalAccessTokenRepository tokens, TokenChanges changes, InstantSource clock) {
        this.tokens = tokens;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public Uni<Void> roleChanged(Transaction transaction, AppUser user) {
        return changes.userChanged(transaction, user.id);
    }

    @Override
    public Uni<Void> deleting(Transaction transaction, Caller actor, AppUser user) {
        return tokens.findUnrevokedOfUser(user.accountId, user.id).flatMap(held -> {
            Instant now = clock.instant();
            Uni<Void> recorded = Uni.createFrom().voidItem();
            for (PersonalAccessToken token : held) {
                // The row is deleted, never written revoked: the event shows it as it was at the end.
                PersonalAccessTokenBody last = PersonalAccessTokenBody.from(token).revokedAt(now);
                recorded = recorded.call(() -> changes.record(transaction,
                        TokenChange.revoked(user.accountId, last, actor, RevokeReason.USER_DELETED)));
            }
            // The bulk delete below removes them; left in the session they would point at a deleted user at the flush.
            return recorded.call(() -> tokens.detach(held));
        }).call(() -> tokens.deleteOfUser(user.id)).call(() -> changes.userChanged(transaction, user.id)).replaceWithVoid();
    }
}
