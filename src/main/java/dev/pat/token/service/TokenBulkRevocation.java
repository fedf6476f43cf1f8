package dev.pat.token.service;

import dev.pat.platform.FieldError;
import dev.pat.platform.Ids;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.token.ScopeVocabulary;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.api.RevokePersonalAccessTokens;
import dev.pat.token.api.RevokedPersonalAccessTokensBody;
import dev.pat.token.change.RevokeReason;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An administrator revokes every token of the account that matches a filter (a stolen laptop, a
 * leaver, a breached CI system), set-based so that ten thousand tokens take a handful of statements:
 * one read of the matching ids, one read of their graphs (what each token.revoked event shows), then
 * in one transaction one UPDATE of them all and their events ({@link TokenChanges#recordAll}, which
 * tells every instance with one notice per owner, not one per token).
 *
 * <p>The match is taken when the request starts: a token created while it runs is not revoked by
 * it, and a token revoked meanwhile by someone else is told of once, by whoever revoked it first.
 */
@Singleton
public record TokenBulkRevocation(PersonalAccessTokenRepository tokens, TokenChanges changes, Transactions transactions,
        ScopeVocabulary vocabulary, InstantSource clock) {

    static final int MAX_REASON = 500;

    public Uni<RevokedPersonalAccessTokensBody> revoke(Caller caller, RevokePersonalAccessTokens body) {
        PersonalAccessTokenRepository.Selection selection = selection(body);
        String reason = body.reason() == null || body.reason().isBlank() ? null : body.reason().strip();
        UUID accountId = caller.accountId();
        Instant now = clock.instant();
        return transactions.read(() -> tokens.unrevokedIds(accountId, selection)).flatMap(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0L);
            }
            // Read outside the write's session (one connection at a time), on the reactive client: the ORM's
            // cost per graph would dominate at this size.
            return tokens.graphs(accountId, ids).flatMap(graphs -> transactions.write(transaction ->
                    tokens.revokeUnrevoked(accountId, ids, now).flatMap(revokedIds -> {
                        Set<UUID> revoked = new HashSet<>(revokedIds);
                        List<TokenChange> told = new ArrayList<>(revoked.size());
                        for (PersonalAccessToken token : graphs) {
                            if (revoked.contains(token.id)) {
                                told.add(TokenChange.revoked(accountId, PersonalAccessTokenBody.from(token).revokedAt(now), caller,
                                        RevokeReason.BULK));
                            }
                        }
                        transaction.afterCommit(() -> Log.infof(
                                "token_event=bulk_revocation account_id=%s actor_id=%s actor_credential=%s revoked=%d reason=\"%s\"",
                                accountId, caller.userId(), caller.tokenId() == null ? "jwt" : "token", revoked.size(),
                                reason == null ? "" : reason.replace("\\", "\\\\").replace("\"", "\\\"")));
                        return changes.recordAll(transaction, told).replaceWith((long) revoked.size());
                    })));
        }).map(RevokedPersonalAccessTokensBody::new);
    }

    /** The filter, or every problem with it at once; at least one condition, so that nobody revokes a whole account by a slip. */
    private PersonalAccessTokenRepository.Selection selection(RevokePersonalAccessTokens body) {
        if (body == null) {
            throw ServiceException.invalid("body", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        UUID userId = id(body.userId(), "userId", errors);
        UUID organizationId = id(body.organizationId(), "organizationId", errors);
        if (body.scope() != null && !vocabulary.contains(body.scope())) {
            errors.add(new FieldError("scope", "is not a known scope; GET /v3/scopes lists them"));
        }
        if (body.reason() != null) {
            if (body.reason().length() > MAX_REASON) {
                errors.add(new FieldError("reason", "must be at most " + MAX_REASON + " characters"));
            } else if (body.reason().chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError("reason", "must not contain control characters"));
            }
        }
        if (body.userId() == null && body.organizationId() == null && body.createdBefore() == null && body.lastUsedBefore() == null
                && body.scope() == null) {
            errors.add(new FieldError("filter", "must name at least one of userId, organizationId, createdBefore, lastUsedBefore,"
                    + " scope"));
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors);
        }
        return new PersonalAccessTokenRepository.Selection(userId, organizationId, body.createdBefore(), body.lastUsedBefore(),
                body.scope());
    }

    private static UUID id(String value, String field, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        UUID id = Ids.parse(value).orElse(null);
        if (id == null) {
            errors.add(new FieldError(field, "is not an id"));
        }
        return id;
    }
}
