package dev.pat.credential.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pat.credential.cache.SecretCache;
import dev.pat.platform.Transactions;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;

/**
 * Records that a secret a rotation replaced was used after it stopped working (GitLab's reuse
 * detection: a rotated-away secret in use is a sign that it leaked): a token.reuse_detected event
 * with the client's address, for the owner and the account's webhooks. The refusal never waits for
 * it, and a secret replayed in a loop makes one event per token a minute on each instance, not one
 * per request.
 */
@Singleton
public class ReuseDetection {

    private static final Duration QUIET = Duration.ofMinutes(1);

    private final PersonalAccessTokenRepository tokens;
    private final TokenChanges changes;
    private final Transactions transactions;
    private final Vertx vertx;
    private final Cache<UUID, Boolean> recentlyRecorded = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(QUIET).build();

    public ReuseDetection(PersonalAccessTokenRepository tokens, TokenChanges changes, Transactions transactions, Vertx vertx) {
        this.tokens = tokens;
        this.changes = changes;
        this.transactions = transactions;
        this.vertx = vertx;
    }

    /** @param address the client's address, null when unknown (an introspection) */
    void detected(SecretCache.Entry entry, String address) {
        if (recentlyRecorded.asMap().putIfAbsent(entry.tokenId(), Boolean.TRUE) != null) {
            return;
        }
        // A session of its own, on a context of its own: the refused request's is none of its business.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> record(entry, address).subscribe().with(
                recorded -> { },
                failure -> Log.warnf("A reuse of token %s's earlier secret could not be recorded (%s)", entry.tokenId(),
                        failure.getClass().getSimpleName())));
    }

    private Uni<Void> record(SecretCache.Entry entry, String address) {
        return transactions.write(transaction -> tokens.findWithUserGraph(entry.accountId(), entry.tokenId())
                .flatMap(token -> token == null ? Uni.createFrom().voidItem()
                        : changes.record(transaction,
                                TokenChange.reuseDetected(token.accountId, PersonalAccessTokenBody.from(token), address))));
    }
}
