package dev.pat.token.service;

import dev.pat.platform.Transactions;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.RevokeReason;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The account policy's inactivity rule, applied by the expiry scan: a token whose last use (its
 * creation, when never used) lies {@code inactivityRevokeDays} behind gets a token.inactive_soon
 * event 7 days before that deadline, and is revoked (reason {@code inactive}) once the deadline
 * passed and that very notice is at least 7 days old. So nobody's token is revoked without a week's
 * notice, not even when a new rule finds tokens already past it: those are told at the next scan and
 * revoked a week later. A use meanwhile moves the deadline, and the next notice is for the new one.
 * Safe on several replicas: the notice is unique per token and deadline, and a revocation locks the
 * row it writes.
 */
@Singleton
public record InactiveTokens(PersonalAccessTokenRepository tokens, TokenChanges changes, Transactions transactions, InstantSource clock) {

    public static final Duration NOTICE = Duration.ofDays(7);
    private static final int BATCH = 200;
    private static final int MAX_BATCHES = 50;

    /** The notices due now, then the revocations due now; answers how many of each, together. */
    public Uni<Integer> scan() {
        Instant now = clock.instant();
        return notify(now, MAX_BATCHES).flatMap(notified -> revoke(now, MAX_BATCHES).map(revoked -> notified + revoked));
    }

    private Uni<Integer> notify(Instant now, int batchesLeft) {
        return transactions.write(transaction -> tokens.inactive(now, now.plus(NOTICE), false, null, BATCH)
                .flatMap(due -> changes.recordAll(transaction, due.stream()
                        .map(inactive -> TokenChange.inactiveSoon(inactive.token().accountId, PersonalAccessTokenBody.from(inactive.token()),
                                inactive.deadline()))
                        .toList()).replaceWith(due.size())))
                .flatMap(count -> count == BATCH && batchesLeft > 1 ? notify(now, batchesLeft - 1).map(more -> count + more)
                        : Uni.createFrom().item(count));
    }

    private Uni<Integer> revoke(Instant now, int batchesLeft) {
        return transactions.write(transaction -> tokens.inactive(now, now, true, now.minus(NOTICE), BATCH).flatMap(due -> {
            due.forEach(inactive -> {
                inactive.token().revoked = true;
                inactive.token().updatedAt = now;
            });
            return tokens.flush().chain(() -> changes.recordAll(transaction, due.stream()
                    .map(inactive -> TokenChange.revoked(inactive.token().accountId, PersonalAccessTokenBody.from(inactive.token()), null,
                            RevokeReason.INACTIVE))
                    .toList())).replaceWith(due.size());
        })).flatMap(count -> count == BATCH && batchesLeft > 1 ? revoke(now, batchesLeft - 1).map(more -> count + more)
                : Uni.createFrom().item(count));
    }
}
