package dev.pat.token.service;

import dev.pat.directory.model.AppUser;
import dev.pat.directory.service.UserChangeListener;
import dev.pat.platform.Transaction;
import dev.pat.security.Caller;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.RevokeReason;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A user's tokens follow the user: a new role is checked at each token's next use, and a deleted
 * user's tokens are deleted with it, each not yet revoked making a token.revoked event (reason
 * user_deleted).
 */
@Singleton
public record UserTokens(PersonalAccessTokenRepository tokens, TokenChanges changes,
        InstantSource clock) implements UserChangeListener {

    @Override
    public Uni<Void> roleChanged(Transaction transaction, AppUser user) {
        return changes.userChanged(transaction, user.id);
    }

    @Override
    public Uni<Void> deleting(Transaction transaction, Caller actor, AppUser user) {
        return tokens.findUnrevokedOfUser(user.accountId, user.id).flatMap(held -> {
            Instant now = clock.instant();
            // The rows are deleted, never written revoked: each event shows its token as it was at the end.
            return changes.recordAll(transaction, held.stream()
                    .map(token -> TokenChange.revoked(user.accountId, PersonalAccessTokenBody.from(token).revokedAt(now), actor,
                            RevokeReason.USER_DELETED))
                    .toList())
                    // The bulk delete below removes them; left in the session they would point at a deleted user at the flush.
                    .call(() -> tokens.detach(held));
        }).call(() -> tokens.deleteOfUser(user.id)).call(() -> changes.userChanged(transaction, user.id)).replaceWithVoid();
    }
}
