package dev.pat.service;

import dev.pat.model.PersonalAccessToken;
import dev.pat.repository.ListRequest;
import dev.pat.repository.Page;
import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.rest.PersonalAccessTokenBody;
import dev.pat.security.Caller;
import dev.pat.service.ServiceException.FieldError;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads personal access tokens as the API shows them, within what the caller may see. */
@ApplicationScoped
public class TokenQueryService {

    private final PersonalAccessTokenRepository tokens;

    public TokenQueryService(PersonalAccessTokenRepository tokens) {
        this.tokens = tokens;
    }

    /** One token with its user graph, in one statement. */
    @WithSession
    public Uni<Versioned<PersonalAccessTokenBody>> get(Caller caller, String id) {
        return TokenLookup.visibleWithGraph(tokens, caller, id).map(TokenQueryService::versioned);
    }

    /** The token that authenticated this request; a JWT caller has none. */
    @WithSession
    public Uni<Versioned<PersonalAccessTokenBody>> self(Caller caller) {
        if (caller.tokenId() == null) {
            return Uni.createFrom().failure(TokenLookup.notFound());
        }
        return get(caller, caller.tokenId().toString());
    }

    /**
     * A page of tokens: the account's for an admin, the caller's own otherwise. One statement for
     * the page and one for the count, whatever the page size.
     */
    @WithSession
    public Uni<Page<PersonalAccessTokenBody>> list(Caller caller, Map<String, List<String>> parameters) {
        List<FieldError> forbidden = parameters.keySet().stream()
                .filter(name -> !caller.admin() && (name.equals("userId") || name.startsWith("userId[")))
                .map(name -> new FieldError(name, "only an administrator may list other users' tokens"))
                .toList();
        if (!forbidden.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(forbidden));
        }
        UUID owner = caller.admin() ? null : caller.userId();
        return Uni.createFrom().item(() -> ListRequest.parse(parameters, PersonalAccessTokenRepository.LIST_SPEC, "createdAt"))
                .flatMap(request -> tokens.page(caller.accountId(), owner, request).flatMap(items -> tokens.countMatching(caller.accountId(), owner, request)
                .map(total -> new Page<>(items.stream().map(PersonalAccessTokenBody::from).toList(), total,
                        request.page(), request.limit()))));
    }

    static Versioned<PersonalAccessTokenBody> versioned(PersonalAccessToken token) {
        return new Versioned<>(PersonalAccessTokenBody.from(token), PersonalAccessTokenBody.etag(token));
    }
}
