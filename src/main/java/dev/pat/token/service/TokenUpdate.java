package dev.pat.token.service;

import dev.pat.crud.Patch;
import dev.pat.crud.Precondition;
import dev.pat.crud.StoredArrays;
import dev.pat.crud.Versioned;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.api.UpdatePersonalAccessToken;
import dev.pat.token.change.RevokeReason;
import dev.pat.token.change.TokenChange;
import dev.pat.token.change.TokenChanges;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A PATCH of a token: its name, expiry or scopes, or its revocation, which cannot be undone. A
 * patch that changes nothing writes nothing and tells nobody.
 */
@ApplicationScoped
public class TokenUpdate {

    /** What the patch did to the row. */
    private enum Outcome { NOTHING, RENAMED, TIGHTENED, REVOKED }

    private final PersonalAccessTokenRepository tokens;
    private final TokenLookup lookup;
    private final TokenRules rules;
    private final TokenChanges changes;
    private final Transactions transactions;
    private final InstantSource clock;

    public TokenUpdate(PersonalAccessTokenRepository tokens, TokenLookup lookup, TokenRules rules, TokenChanges changes,
            Transactions transactions, InstantSource clock) {
        this.tokens = tokens;
        this.lookup = lookup;
        this.rules = rules;
        this.changes = changes;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Uni<Versioned<PersonalAccessTokenBody>> update(Caller caller, String id, Precondition precondition,
            Patch<UpdatePersonalAccessToken> patch) {
        return transactions.write(transaction -> lookup.withGraph(caller, id).flatMap(token -> {
            precondition.check(token);
            UpdatePersonalAccessToken current = new UpdatePersonalAccessToken(token.name, token.revoked, token.expiresAt,
                    StoredArrays.values(token.scopes));
            List<FieldError> errors = new ArrayList<>();
            Outcome outcome = apply(caller, token, current, patch.applyTo(current, errors), errors);
            if (outcome == Outcome.NOTHING) {
                return Uni.createFrom().item(Versioned.of(PersonalAccessTokenBody.from(token), token));
            }
            // The version moves with the flush: answer the body as written.
            return tokens.flush().map(ignored -> Versioned.of(PersonalAccessTokenBody.from(token), token))
                    .call(updated -> changes.record(transaction, outcome == Outcome.REVOKED
                            ? TokenChange.revoked(caller.accountId(), updated.body(), caller,
                                    token.user.id.equals(caller.userId()) ? RevokeReason.OWNER : RevokeReason.ADMINISTRATOR)
                            : TokenChange.updated(caller.accountId(), updated.body(), caller, outcome == Outcome.TIGHTENED)));
        }));
    }

    /** Applies the fields the patch changed, or throws every field error at once. */
    private Outcome apply(Caller caller, PersonalAccessToken token, UpdatePersonalAccessToken current, UpdatePersonalAccessToken wanted,
            List<FieldError> errors) {
        Instant now = clock.instant();
        boolean renamed = false;
        boolean checksChanged = false;
        boolean revoking = false;
        if (!Objects.equals(wanted.name(), current.name())) {
            int before = errors.size();
            rules.checkName(wanted.name(), errors);
            if (errors.size() == before) {
                token.name = wanted.name().strip();
                renamed = true;
            }
        }
        if (!Objects.equals(wanted.revoked(), current.revoked())) {
            if (wanted.revoked() == null) {
                errors.add(new FieldError("revoked", "must be true or false"));
            } else if (!wanted.revoked()) {
                errors.add(new FieldError("revoked", "a revoked token cannot be restored"));
            } else {
                token.revoked = true;
                revoking = true;
            }
        }
        if (!Objects.equals(wanted.expiresAt(), current.expiresAt())) {
            if (token.isExpiredAt(now)) {
                throw new ServiceException(ServiceException.Kind.INVALID, "token_expired",
                        "An expired token cannot be extended; create a new one", null);
            }
            int before = errors.size();
            rules.checkExpiry(wanted.expiresAt(), now, errors);
            if (errors.size() == before) {
                token.expiresAt = wanted.expiresAt();
                checksChanged = true;
            }
        }
        if (!Objects.equals(wanted.scopes(), current.scopes())) {
            int before = errors.size();
            Set<String> accepted = rules.checkScopes(wanted.scopes(), caller, errors);
            if (errors.size() == before) {
                token.scopes = accepted.toArray(String[]::new);
                checksChanged = true;
            }
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors);
        }
        if (revoking || renamed || checksChanged) {
            token.updatedAt = now;
        }
        // Expiry and scopes are part of every check of the token's secret; its name is not.
        return revoking ? Outcome.REVOKED : checksChanged ? Outcome.TIGHTENED : renamed ? Outcome.RENAMED : Outcome.NOTHING;
    }
}
