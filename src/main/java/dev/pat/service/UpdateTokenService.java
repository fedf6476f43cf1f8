package dev.pat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.model.PersonalAccessToken;
import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.rest.PersonalAccessTokenBody;
import dev.pat.security.Caller;
import dev.pat.service.ServiceException.FieldError;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes a token's name, expiry or scopes, or revokes it. Only these four fields are writable;
 * anything else in the body is refused, and revocation cannot be undone.
 */
@ApplicationScoped
public class UpdateTokenService {

    static final Set<String> WRITABLE = Set.of("name", "revoked", "expiresAt", "scopes");

    private final PersonalAccessTokenRepository tokens;
    private final TokenRules rules;
    private final TokenEvents events;
    private final Transactions transactions;

    public UpdateTokenService(PersonalAccessTokenRepository tokens, TokenRules rules, TokenEvents events,
            Transactions transactions) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.rules = rules;
        this.events = events;
    }

    public Uni<Versioned<PersonalAccessTokenBody>> update(Caller caller, String id, String ifMatch, ObjectNode patch) {
        if (patch == null) {
            return Uni.createFrom().failure(ServiceException.invalid("body", "is required: a JSON object"));
        }
        boolean[] revoking = new boolean[1];
        return transactions.run(() -> TokenLookup.visibleWithGraph(tokens, caller, id).flatMap(token -> {
            IfMatch.check(ifMatch, PersonalAccessTokenBody.etag(token));
            revoking[0] = apply(caller, token, patch);
            return tokens.flush().map(ignored -> TokenQueryService.versioned(token));
        })).invoke(updated -> events.record(revoking[0] ? TokenEvents.Event.REVOKED : TokenEvents.Event.UPDATED,
                updated.body(), caller.accountId()));
    }

    /** Applies the patch to the token, or throws every field error at once; answers whether it revokes. */
    private boolean apply(Caller caller, PersonalAccessToken token, ObjectNode patch) {
        Instant now = Instant.now();
        List<FieldError> errors = new ArrayList<>();
        boolean revoking = false;
        boolean changed = false;
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "name" -> {
                    String name = value.isTextual() ? value.textValue() : null;
                    int before = errors.size();
                    rules.checkName(name, errors);
                    if (errors.size() == before) {
                        token.name = name.strip();
                        changed = true;
                    }
                }
                case "revoked" -> {
                    if (!value.isBoolean()) {
                        errors.add(new FieldError("revoked", "must be true or false"));
                    } else if (!value.booleanValue() && token.revoked) {
                        errors.add(new FieldError("revoked", "a revoked token cannot be restored"));
                    } else if (value.booleanValue() && !token.revoked) {
                        token.revoked = true;
                        revoking = true;
                        changed = true;
                    }
                }
                case "expiresAt" -> {
                    Instant expiresAt = null;
                    boolean valid = value.isNull();
                    if (value.isTextual()) {
                        try {
                            expiresAt = Instant.parse(value.textValue());
                            valid = true;
                        } catch (DateTimeParseException e) {
                            valid = false;
                        }
                    }
                    if (!valid) {
                        errors.add(new FieldError("expiresAt", "must be null or an ISO-8601 UTC timestamp"));
                    } else {
                        int before = errors.size();
                        rules.checkExpiry(expiresAt, now, errors);
                        if (errors.size() == before) {
                            token.expiresAt = expiresAt;
                            changed = true;
                        }
                    }
                }
                case "scopes" -> {
                    if (!value.isArray()) {
                        errors.add(new FieldError("scopes", "must be an array of scopes"));
                    } else {
                        List<String> scopes = new ArrayList<>();
                        value.forEach(scope -> scopes.add(scope.isTextual() ? scope.textValue() : null));
                        int before = errors.size();
                        Set<String> accepted = rules.checkScopes(scopes, caller, errors);
                        if (errors.size() == before) {
                            token.scopes = accepted.toArray(String[]::new);
                            changed = true;
                        }
                    }
                }
                default -> errors.add(new FieldError(field.getKey(), WRITABLE.contains(field.getKey())
                        ? "is invalid" : "is not a writable field; writable fields are name, revoked, expiresAt, scopes"));
            }
        }
        TokenRules.throwIfAny(errors);
        if (changed) {
            token.updatedAt = now;
        }
        return revoking;
    }
}
