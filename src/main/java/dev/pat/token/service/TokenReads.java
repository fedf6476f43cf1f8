package dev.pat.token.service;

import dev.pat.crud.StoredArrays;
import dev.pat.crud.Versioned;
import dev.pat.listing.ListGate;
import dev.pat.listing.ListQuery;
import dev.pat.listing.Page;
import dev.pat.platform.ApiTime;
import dev.pat.platform.FieldError;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.security.Scopes;
import dev.pat.token.TokenListing;
import dev.pat.token.api.PersonalAccessTokenBody;
import dev.pat.token.api.TokenUsageBody;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import dev.pat.token.repository.TokenPolicyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Reading tokens: one (the seed's endpoint), the caller's own, its last use, and the list. */
@Singleton
public record TokenReads(PersonalAccessTokenRepository tokens, TokenLookup lookup, TokenPolicyRepository policies, TokenRules rules,
        Transactions transactions, ListGate lists, InstantSource clock) {

    /** One token with its user graph, in one statement. */
    public Uni<Versioned<PersonalAccessTokenBody>> get(Caller caller, String id) {
        return transactions.read(() -> lookup.withGraph(caller, id).map(token -> Versioned.of(PersonalAccessTokenBody.from(token), token)));
    }

    /**
     * The token that authenticated this request; a JWT caller has none. Any secret may read its own
     * token, but its user's graph only with a token scope: a secret that holds, say, license:read
     * learns nothing of its user's name, e-mail or metadata.
     */
    public Uni<Versioned<PersonalAccessTokenBody>> self(Caller caller) {
        if (caller.tokenId() == null) {
            return Uni.createFrom().failure(TokenLookup.notFound());
        }
        Uni<Versioned<PersonalAccessTokenBody>> own = get(caller, caller.tokenId().toString());
        return caller.holdsAny(Scopes.TOKEN_READ, Scopes.TOKEN_WRITE) ? own
                : own.map(self -> new Versioned<>(self.body().withoutUser(), self.id(), self.version()));
    }

    /** When and from where the token was last used (recorded in batches, about a second after the use). */
    public Uni<TokenUsageBody> usage(Caller caller, String id) {
        return transactions.read(() -> lookup.withOwner(caller, id)
                .map(token -> new TokenUsageBody(ApiTime.of(token.lastUsedAt), StoredArrays.values(token.lastUsedIps))));
    }

    /** The account's tokens for an administrator, the caller's own otherwise: the page's ids, their graphs, the count. */
    public Uni<Page<PersonalAccessTokenBody>> list(Caller caller, ListQuery query) {
        List<FieldError> forbidden = query.filters().stream()
                .filter(filter -> !caller.admin() && filter.field().equals(TokenListing.TOKENS.fields().get("userId")))
                .map(filter -> new FieldError(filter.parameter(), "only an administrator may list other users' tokens"))
                .toList();
        if (!forbidden.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(forbidden));
        }
        UUID owner = caller.admin() ? null : caller.userId();
        Boolean compliant = query.filters().stream().filter(filter -> filter.field() == TokenListing.TOKENS.fields().get(TokenListing.COMPLIANT))
                .map(filter -> (Boolean) filter.value()).findFirst().orElse(null);
        Instant now = clock.instant();
        // Only a list asked for compliance reads the policy, in the session that chooses the page.
        Supplier<Uni<Page<UUID>>> pageIds = compliant == null ? () -> tokens.listIds(caller.accountId(), owner, query)
                : () -> policies.of(caller.accountId())
                        .flatMap(policy -> tokens.listIds(caller.accountId(), owner, query, rules.compliance(policy, now), compliant));
        // The graphs are read after the session that chose the page: one connection at a time per request.
        return lists.run(caller.accountId(), () -> transactions.read(pageIds)
                .flatMap(ids -> tokens.graphs(caller.accountId(), ids.items())
                        .map(graphs -> ids.with(graphs).map(PersonalAccessTokenBody::from))));
    }
}
