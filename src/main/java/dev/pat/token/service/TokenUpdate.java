package dev.pat.token.service;

import dev.pat.crud.Patch;
import dev.pat.crud.Precondition;
import dev.pat.crud.StoredArrays;
import dev.pat.crud.Versioned;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.security.Caller;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.api.UpdatePersonalAccessToken;
import dev.pat.token.change.RevokeReason;
import dev.pat.token.change.TokenChange;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.model.TokenPolicy;
import dev.pat.token.repository.TokenPolicyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
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
@Singleton
public record TokenUpdate(TokenWriter writer, TokenPolicyRepository policies, TokenRules rules, InstantSource clock) {

    /** What the patch did to the row. */
    private enum Outcome { NOTHING, RENAMED, TIGHTENED, REVOKED }

    public Uni<Versioned<PersonalAccessTokenBody>> update(Caller caller, String id, Precondition precondition,
            Patch<UpdatePersonalAccessToken> patch) {
        return writer.change(caller, id, precondition, (transaction, token) -> {
            UpdatePersonalAccessToken current = new UpdatePersonalAccessToken(token.name, token.revoked, token.expiresAt,
                    StoredArrays.values(token.scopes));
            List<FieldError> errors = new ArrayList<>();
            UpdatePersonalAccessToken wanted = patch.applyTo(current, errors);
            // The account's policy governs a new expiry or new scopes; a rename or a revocation needs no read of it.
            boolean governed = wanted != null && (!Objects.equals(wanted.expiresAt(), current.expiresAt())
                    || !Objects.equals(wanted.scopes(), current.scopes()));
            Uni<TokenPolicy> policy = governed ? policies.inForce(token.accountId) : Uni.createFrom().nullItem();
            return policy.flatMap(inForce -> {
                Outcome outcome = apply(caller, token, current, wanted, errors, inForce);
                if (outcome == Outcome.NOTHING) {
                    return Uni.createFrom().item(Versioned.of(PersonalAccessTokenBody.from(token), token));
                }
                return writer.save(transaction, token, PersonalAccessTokenBody::from, body -> outcome == Outcome.REVOKED
                        ? TokenChange.revoked(caller.accountId(), body, caller,
                                token.user.id.equals(caller.userId()) ? RevokeReason.OWNER : RevokeReason.ADMINISTRATOR)
                        : TokenChange.updated(caller.accountId(), body, caller, outcome == Outcome.TIGHTENED));
            });
        });
    }

    /** Applies the fields the patch changed, or throws every field error at once. */
    private Outcome apply(Caller caller, PersonalAccessToken token, UpdatePersonalAccessToken current, UpdatePersonalAccessToken wanted,
            List<FieldError> errors, TokenPolicy policy) {
        Instant now = clock.instant();
        List<TokenRules.PolicyViolation> violations = new ArrayList<>();
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
            rules.checkHoldsEveryScopeOf(caller, token);
            rules.checkWithinCredential(caller, wanted.expiresAt());
            if (token.isExpiredAt(now)) {
                throw new ServiceException(ServiceException.Kind.INVALID, "token_expired",
                        "An expired token cannot be extended; create a new one", null);
            }
            int before = errors.size();
            rules.checkExpiry(wanted.expiresAt(), now, errors);
            if (errors.size() == before) {
                rules.checkPolicyExpiry(policy, wanted.expiresAt(), now, violations);
                token.expiresAt = wanted.expiresAt();
                checksChanged = true;
            }
        }
        if (!Objects.equals(wanted.scopes(), current.scopes())) {
            rules.checkHoldsEveryScopeOf(caller, token);
            int before = errors.size();
            Set<String> accepted = rules.checkScopes(wanted.scopes(), caller, errors);
            if (errors.size() == before) {
                rules.checkPolicyScopes(policy, List.copyOf(accepted), violations);
                token.scopes = accepted.toArray(String[]::new);
                checksChanged = true;
            }
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors);
        }
        TokenRules.refuse(violations);
        if (revoking || renamed || checksChanged) {
            token.updatedAt = now;
        }
        // Expiry and scopes are part of every check of the token's secret; its name is not.
        return revoking ? Outcome.REVOKED : checksChanged ? Outcome.TIGHTENED : renamed ? Outcome.RENAMED : Outcome.NOTHING;
    }
}
