package dev.pat.service;

import dev.pat.model.PersonalAccessToken;
import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.security.Caller;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Finds a token the caller may act on. A malformed id, a missing token, another account's and
 * (for a non-admin) another user's token are one and the same not-found, so ids leak nothing.
 */
final class TokenLookup {

    private TokenLookup() {
    }

    static Uni<PersonalAccessToken> visibleWithGraph(PersonalAccessTokenRepository tokens, Caller caller, String id) {
        UUID tokenId = Ids.parse(id).orElse(null);
        if (tokenId == null) {
            return Uni.createFrom().failure(notFound());
        }
        return tokens.findWithUserGraph(caller.accountId(), tokenId).map(token -> visible(caller, token));
    }

    static Uni<PersonalAccessToken> visible(PersonalAccessTokenRepository tokens, Caller caller, String id) {
        UUID tokenId = Ids.parse(id).orElse(null);
        if (tokenId == null) {
            return Uni.createFrom().failure(notFound());
        }
        return tokens.findInAccount(caller.accountId(), tokenId).map(token -> visible(caller, token));
    }

    private static PersonalAccessToken visible(Caller caller, PersonalAccessToken token) {
        if (token == null || !caller.mayAccessUser(token.user.id)) {
            throw notFound();
        }
        return token;
    }

    static ServiceException notFound() {
        return ServiceException.notFound("Personal access token");
    }
}
