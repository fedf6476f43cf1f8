package dev.pat.service;

import dev.pat.api.ApiTime;
import dev.pat.api.CreateTokenBody;
import dev.pat.api.FieldError;
import dev.pat.api.PersonalAccessTokenBody;
import dev.pat.api.RotateTokenBody;
import dev.pat.api.TokenUsageBody;
import dev.pat.api.UpdateTokenBody;
import dev.pat.config.PatConfig;
import dev.pat.model.PersonalAccessToken;
import dev.pat.model.StoredArrays;
import dev.pat.query.ListQuery;
import dev.pat.query.ListSpec;
import dev.pat.query.Page;
import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.repository.TokenChangeChannel;
import dev.pat.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The life of a personal access token: create (the secret shown this once), read, list, change,
 * revoke, rotate, delete. A malformed id, a missing token, another account's and (for a caller
 * who is not an administrator) another user's token are one and the same not-found, so ids leak
 * nothing. Every change is recorded as an event once it has committed.
 */
@ApplicationScoped
public class PersonalAccessTokenService {

    /** What its list accepts; also read by the OpenAPI document. */
    public static final ListSpec LIST_SPEC = PersonalAccessTokenRepository.LIST_SPEC;

    private final PersonalAccessTokenRepository tokens;
    private final UserRepository users;
    private final TokenRules rules;
    private final TokenEvents events;
    private final PatConfig config;
    private final Transactions transactions;
    private final InstantSource clock;
    private final TokenChangeChannel changes;
    private final SecretCache secrets;
    private final Notifications notifications;

    public PersonalAccessTokenService(PersonalAccessTokenRepository tokens, UserRepository users, TokenRules rules,
            TokenEvents events, PatConfig config, Transactions transactions, InstantSource clock, TokenChangeChannel changes,
            SecretCache secrets, Notifications notifications) {
        this.notifications = notifications;
        this.changes = changes;
        this.secrets = secrets;
        this.tokens = tokens;
        this.users = users;
        this.rules = rules;
        this.events = events;
        this.config = config;
        this.transactions = transactions;
        this.clock = clock;
    }

    public ListSpec listSpec() {
        return LIST_SPEC;
    }

    /** One token with its user graph, in one statement. */
    public Uni<Versioned<PersonalAccessTokenBody>> get(Caller caller, String id) {
        return transactions.read(() -> visibleWithGraph(caller, id).map(PersonalAccessTokenService::versioned));
    }

    /** The token that authenticated this request; a JWT caller has none. */
    public Uni<Versioned<PersonalAccessTokenBody>> self(Caller caller) {
        if (caller.tokenId() == null) {
            return Uni.createFrom().failure(notFound());
        }
        return get(caller, caller.tokenId().toString());
    }

    /** When and from where the token was last used (recorded in batches, about a second after the use). */
    public Uni<TokenUsageBody> usage(Caller caller, String id) {
        return transactions.read(() -> visible(caller, id, tokens::findInAccount)
                .map(token -> new TokenUsageBody(ApiTime.of(token.lastUsedAt), StoredArrays.values(token.lastUsedIps))));
    }

    /** The account's tokens for an administrator, the caller's own otherwise: the page's ids, their graphs, the count. */
    public Uni<Page<PersonalAccessTokenBody>> list(Caller caller, ListQuery query) {
        ListSpec.Field userId = listSpec().fields().get("userId");
        List<FieldError> forbidden = query.filters().stream()
                .filter(filter -> !caller.admin() && filter.field().equals(userId))
                .map(filter -> new FieldError(filter.parameter(), "only an administrator may list other users' tokens"))
                .toList();
        if (!forbidden.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(forbidden));
        }
        UUID owner = caller.admin() ? null : caller.userId();
        // The graphs are read after the session that chose the page: one connection at a time per request.
        return transactions.read(() -> tokens.listIds(caller.accountId(), owner, query))
                .flatMap(ids -> tokens.graphs(caller.accountId(), ids.items())
                        .map(graphs -> ids.with(graphs).map(PersonalAccessTokenBody::from)));
    }

    public Uni<Versioned<PersonalAccessTokenBody>> create(Caller caller, CreateTokenBody body) {
        if (body == null) {
            return Uni.createFrom().failure(ServiceException.invalid("body", "is required"));
        }
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        rules.checkName(body.name(), errors);
        rules.checkExpiry(body.expiresAt(), now, errors);
        Set<String> scopes = rules.checkScopes(body.scopes(), caller, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(errors));
        }
        return transactions.write(() -> users.findInAccount(caller.accountId(), caller.userId())
                .onItem().ifNull().failWith(() -> ServiceException.forbidden("The caller is not a user of this account"))
                // Locks the owner's row: concurrent creates for one user queue here, so the limit holds.
                .call(owner -> users.getSession().flatMap(session -> session.lock(owner, LockModeType.PESSIMISTIC_WRITE)))
                .flatMap(owner -> tokens.countActive(owner.id, now).flatMap(active -> {
                    if (active >= config.tokens().maxActivePerUser()) {
                        return Uni.createFrom().failure(ServiceException.conflict("too_many_tokens",
                                "The user already holds " + active + " active tokens, the most allowed"));
                    }
                    String secret = TokenSecrets.generate();
                    PersonalAccessToken token = new PersonalAccessToken();
                    token.id = Ids.next();
                    token.accountId = caller.accountId();
                    token.user = owner;
                    token.createdAt = now;
                    token.updatedAt = now;
                    token.name = body.name().strip();
                    token.expiresAt = body.expiresAt();
                    token.scopes = scopes.toArray(String[]::new);
                    token.secretDigest = TokenSecrets.digest(secret);
                    return tokens.persistAndFlush(token).map(saved -> withSecret(saved, secret))
                            .call(created -> notifications.changed(TokenNotice.CREATED, caller.accountId(), created.body()));
                })))
                .invoke(created -> {
                    events.record(TokenEvents.Event.CREATED, created.body(), caller);
                    notifications.committed();
                });
    }

    /** Changes name, expiry or scopes, or revokes; a revoked token cannot be restored. */
    public Uni<Versioned<PersonalAccessTokenBody>> update(Caller caller, String id, Precondition precondition,
            Patch<UpdateTokenBody> patch) {
        boolean[] revoking = new boolean[1];
        return change(caller, id, precondition, token -> {
            List<FieldError> errors = new ArrayList<>();
            UpdateTokenBody current = new UpdateTokenBody(token.name, token.revoked, token.expiresAt, StoredArrays.values(token.scopes));
            revoking[0] = apply(caller, token, current, patch.applyTo(current, errors), errors);
            return versioned(token);
        }, (token, body) -> revoking[0]
                ? notifications.revoked(caller.accountId(), body, token.user.id.equals(caller.userId())
                        ? Notifications.RevokeReason.OWNER : Notifications.RevokeReason.ADMINISTRATOR)
                : Uni.createFrom().voidItem()).invoke(updated -> events.record(revoking[0] ? TokenEvents.Event.REVOKED : TokenEvents.Event.UPDATED,
                updated.body(), caller));
    }

    /**
     * A new secret for the same token; the old one is refused from the commit on. Only the owner
     * rotates: an administrator who could would receive another user's secret, so for anyone else
     * the token is not found.
     *
     * @param expiresAt the new expiry; null keeps the current one, bounded by the maximum lifetime
     * @param gracePeriodSeconds how long the replaced secret keeps working (0: it stops at the commit);
     *                           a second rotation within a grace period ends the first at once
     */
    public Uni<Versioned<PersonalAccessTokenBody>> rotate(Caller caller, String id, Precondition precondition, Instant expiresAt,
            Integer gracePeriodSeconds) {
        int grace = gracePeriodSeconds == null ? 0 : gracePeriodSeconds;
        if (grace < 0 || grace > RotateTokenBody.MAX_GRACE_PERIOD_SECONDS) {
            return Uni.createFrom().failure(ServiceException.invalid("gracePeriodSeconds",
                    "must be a whole number of seconds from 0 to " + RotateTokenBody.MAX_GRACE_PERIOD_SECONDS));
        }
        return change(caller, id, precondition, token -> {
            Instant now = clock.instant();
            if (!token.user.id.equals(caller.userId())) {
                throw notFound();
            }
            if (token.revoked) {
                throw new ServiceException(ServiceException.Kind.INVALID, "token_revoked", "A revoked token cannot be rotated", null);
            }
            if (token.isExpiredAt(now)) {
                throw new ServiceException(ServiceException.Kind.INVALID, "token_expired", "An expired token cannot be rotated", null);
            }
            Instant newExpiry = expiresAt != null ? expiresAt : rules.boundedByMaximumLifetime(token.expiresAt, now);
            if (!Objects.equals(newExpiry, token.expiresAt)) {
                List<FieldError> errors = new ArrayList<>();
                rules.checkExpiry(newExpiry, now, errors);
                throwIfAny(errors);
                token.expiresAt = newExpiry;
            }
            String secret = TokenSecrets.generate();
            // At most two secrets: the one replaced now, for its grace period, and the new one.
            token.previousSecretDigest = grace > 0 ? token.secretDigest : null;
            token.previousSecretExpiresAt = grace > 0 ? now.plusSeconds(grace) : null;
            token.secretDigest = TokenSecrets.digest(secret);
            token.lastRotatedAt = now;
            token.updatedAt = now;
            return Versioned.of(PersonalAccessTokenBody.rotated(token, secret), token);
        }, (token, body) -> notifications.changed(TokenNotice.ROTATED, caller.accountId(), body)).invoke(rotated -> events.record(TokenEvents.Event.ROTATED, rotated.body(), caller));
    }

    public Uni<Void> delete(Caller caller, String id, Precondition precondition) {
        return transactions.write(() -> visibleWithGraph(caller, id).flatMap(token -> {
            precondition.check(token);
            PersonalAccessTokenBody last = PersonalAccessTokenBody.from(token);
            return tokens.delete(token).call(tokens::flush).call(() -> changes.tokenChanged(token.id))
                    .call(() -> notifications.changed(TokenNotice.DELETED, caller.accountId(), last)).replaceWith(token.user.id);
        })).invoke(ownerId -> {
            notifications.committed();
            // Every instance drops the secret on the notice; this one before it answers.
            Ids.parse(id).ifPresent(secrets::dropToken);
            events.record(TokenEvents.Event.DELETED, id, ownerId.toString(), caller);
        }).replaceWithVoid();
    }

    /**
     * Finds the token with its graph, checks the precondition, applies the change and writes it, with
     * the event the change makes (if any), in one transaction.
     */
    private Uni<Versioned<PersonalAccessTokenBody>> change(Caller caller, String id, Precondition precondition,
            Function<PersonalAccessToken, Versioned<PersonalAccessTokenBody>> change,
            BiFunction<PersonalAccessToken, PersonalAccessTokenBody, Uni<Void>> event) {
        return transactions.write(() -> visibleWithGraph(caller, id).flatMap(token -> {
            precondition.check(token);
            Versioned<PersonalAccessTokenBody> changed = change.apply(token);
            // The version moves with the flush: answer the body as written. Every instance hears of the change on commit.
            return tokens.flush().call(() -> changes.tokenChanged(token.id))
                    .call(() -> event.apply(token, changed.body()))
                    .map(ignored -> new Versioned<>(changed.body(), token.id, token.version));
        })).invoke(changed -> {
            secrets.dropToken(changed.id());
            notifications.committed();
        });
    }

    /** Applies the fields the patch changed, or throws every field error at once; answers whether it revokes. */
    private boolean apply(Caller caller, PersonalAccessToken token, UpdateTokenBody current, UpdateTokenBody wanted,
            List<FieldError> errors) {
        Instant now = clock.instant();
        boolean revoking = false;
        boolean changed = false;
        if (!Objects.equals(wanted.name(), current.name())) {
            int before = errors.size();
            rules.checkName(wanted.name(), errors);
            if (errors.size() == before) {
                token.name = wanted.name().strip();
                changed = true;
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
                changed = true;
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
                changed = true;
            }
        }
        if (!Objects.equals(wanted.scopes(), current.scopes())) {
            int before = errors.size();
            Set<String> accepted = rules.checkScopes(wanted.scopes(), caller, errors);
            if (errors.size() == before) {
                token.scopes = accepted.toArray(String[]::new);
                changed = true;
            }
        }
        throwIfAny(errors);
        if (changed) {
            token.updatedAt = now;
        }
        return revoking;
    }

    private Uni<PersonalAccessToken> visibleWithGraph(Caller caller, String id) {
        return visible(caller, id, tokens::findWithUserGraph);
    }

    private static Uni<PersonalAccessToken> visible(Caller caller, String id,
            BiFunction<UUID, UUID, Uni<PersonalAccessToken>> finder) {
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

    private static ServiceException notFound() {
        return ServiceException.notFound("Personal access token");
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors);
        }
    }

    private static Versioned<PersonalAccessTokenBody> versioned(PersonalAccessToken token) {
        return Versioned.of(PersonalAccessTokenBody.from(token), token);
    }

    private static Versioned<PersonalAccessTokenBody> withSecret(PersonalAccessToken token, String secret) {
        return Versioned.of(PersonalAccessTokenBody.withSecret(token, secret), token);
    }
}
