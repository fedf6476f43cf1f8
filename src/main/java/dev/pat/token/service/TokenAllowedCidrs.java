package dev.pat.token.service;

import dev.pat.crud.Precondition;
import dev.pat.crud.StoredArrays;
import dev.pat.crud.Versioned;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.token.api.AllowedCidrsBody;
import dev.pat.token.api.AllowedCidrsInput;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.change.TokenChange;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.TokenPolicyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks a token's secret may be used from, read and replaced apart from the token body (the
 * seed's contract keeps its fields). They are part of the token's row, so its version, and so its
 * ETag, is the token's: an If-Match taken from the token guards a replacement and the other way round.
 */
@Singleton
public record TokenAllowedCidrs(TokenLookup lookup, TokenWriter writer, TokenRules rules, TokenPolicyRepository policies,
        Transactions transactions, InstantSource clock) {

    public Uni<Versioned<AllowedCidrsBody>> get(Caller caller, String id) {
        return transactions.read(() -> lookup.withOwner(caller, id).map(TokenAllowedCidrs::body));
    }

    /**
     * Replaces the whole list. A change is a change of every check of the token's secret (it can
     * refuse a secret, and a widened list must not keep refusing from a remembered entry), so every
     * instance forgets the token's secrets; the same list again writes nothing and tells nobody.
     */
    public Uni<Versioned<AllowedCidrsBody>> replace(Caller caller, String id, Precondition precondition, AllowedCidrsInput input) {
        if (input == null || input.allowedCidrs() == null) {
            return Uni.createFrom().failure(ServiceException.invalid("allowedCidrs", "is required (an empty list: anywhere)"));
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> wanted = rules.checkAllowedCidrs(input.allowedCidrs(), errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(errors));
        }
        return writer.change(caller, id, precondition, (transaction, token) -> {
            // A secret must not free a token it could not re-scope: the same bar as a PATCH of its expiry or scopes.
            rules.checkHoldsEveryScopeOf(caller, token);
            if (StoredArrays.values(token.allowedCidrs).equals(wanted)) {
                return Uni.createFrom().item(body(token));
            }
            return policies.inForce(caller.accountId()).flatMap(policy -> {
                List<TokenRules.PolicyViolation> violations = new ArrayList<>();
                rules.checkPolicyNetworks(policy, wanted, violations);
                TokenRules.refuse(violations);
                token.allowedCidrs = wanted.toArray(String[]::new);
                token.updatedAt = clock.instant();
                return writer.save(transaction, token, PersonalAccessTokenBody::from,
                        saved -> TokenChange.updated(caller.accountId(), saved, caller, true)).map(saved -> body(token));
            });
        });
    }

    private static Versioned<AllowedCidrsBody> body(PersonalAccessToken token) {
        return Versioned.of(new AllowedCidrsBody(StoredArrays.values(token.allowedCidrs)), token);
    }
}
