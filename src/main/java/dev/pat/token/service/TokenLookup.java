package dev.pat.token.service;

import dev.pat.platform.Ids;
import dev.pat.platform.ServiceException;
import dev.pat.security.Caller;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Finds the token a caller names, if the caller may see it. A malformed id, a missing token,
 * another account's and (for a caller who is not an administrator) another user's token are one
 * and the same not-found, so ids leak nothing.
 */
@Singleton
public record TokenLookup(PersonalAccessTokenRepository tokens) {

    /** The token with its whole user graph (what its body shows), in one statement. */
    Uni<PersonalAccessToken> withGraph(Caller caller, String id) {
        return visible(caller, id, tokens::findWithUserGraph);
    }

    /** The token with its user only. */
    Uni<PersonalAccessToken> withOwner(Caller caller, String id) {
        return visible(caller, id, tokens::findInAccount);
    }

    static ServiceException notFound() {
        return ServiceException.notFound("Personal access token");
    }

    private static Uni<PersonalAccessToken> visible(Caller caller, String id, BiFunction<UUID, UUID, Uni<PersonalAccessToken>> finder) {
        UUID tokenId = Ids.parse(id).orElse(null);
        if (tokenId == null) {
            return Uni.createFrom().failure(notFound());
        }
        return finder.apply(caller.accountId(), tokenId).map(token -> {
            if (token == null || !caller.mayAccessUser(token.user.id)) {
                throw notFound();
            }
            return token;
        });
    }
}
