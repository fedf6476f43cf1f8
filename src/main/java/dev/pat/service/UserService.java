package dev.pat.service;

import dev.pat.api.EmailPreferenceWriteBody;
import dev.pat.api.PersonalAccessTokenBody;
import dev.pat.api.FieldError;
import dev.pat.api.MetadataWriteBody;
import dev.pat.api.UserBody;
import dev.pat.api.UserWriteBody;
import dev.pat.model.AppUser;
import dev.pat.model.PersonalAccessToken;
import dev.pat.model.StoredArrays;
import dev.pat.model.UserMetadata;
import dev.pat.query.ListQuery;
import dev.pat.query.ListSpec;
import dev.pat.query.Page;
import dev.pat.repository.PersonalAccessTokenRepository;
import dev.pat.repository.TokenChangeChannel;
import dev.pat.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Users of the caller's account. An email is unique per account (the database enforces it, so
 * concurrent creates cannot both win); deleting a user deletes the user's tokens in the same
 * transaction.
 */
@Singleton
public class UserService extends DirectoryService<AppUser, UserWriteBody, UserBody> {

    /** What its list accepts; also read by the OpenAPI document. */
    public static final ListSpec LIST_SPEC = UserRepository.LIST_SPEC;

    private final UserRepository users;
    private final TokenChangeChannel changes;
    private final SecretCache secrets;
    private final References references;
    private final PersonalAccessTokenRepository tokens;
    private final Notifications notifications;
    private final InstantSource clock;

    public UserService(UserRepository users, References references, Transactions transactions, InputValidation validation,
            InstantSource clock, TokenChangeChannel changes, SecretCache secrets, PersonalAccessTokenRepository tokens,
            Notifications notifications) {
        super(transactions, validation, clock, "user");
        this.tokens = tokens;
        this.notifications = notifications;
        this.clock = clock;
        this.changes = changes;
        this.secrets = secrets;
        this.users = users;
        this.references = references;
    }

    @Override
    public ListSpec listSpec() {
        return LIST_SPEC;
    }

    @Override
    protected Uni<AppUser> findInAccount(UUID accountId, UUID id) {
        return users.findInAccount(accountId, id);
    }

    @Override
    protected Uni<Page<AppUser>> page(UUID accountId, ListQuery query) {
        return users.list(accountId, query);
    }

    @Override
    protected AppUser newRow() {
        return new AppUser();
    }

    @Override
    protected UserWriteBody writable(AppUser user) {
        return new UserWriteBody(user.firstName, user.lastName, user.email, user.role, user.company,
                user.allowCustomerPortalAccess,
                user.organization == null ? null : user.organization.id.toString(),
                user.reseller == null ? null : user.reseller.id.toString(),
                StoredArrays.values(user.tags), new EmailPreferenceWriteBody(user.emailMetrics),
                user.metadata.stream().map(m -> new MetadataWriteBody(m.key, m.value, StoredArrays.values(m.viewPermissions), m.visible))
                        .toList());
    }

    /** Metadata keys are unique within a user. */
    @Override
    protected void check(UserWriteBody body, List<FieldError> errors) {
        if (body.metadata() != null) {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < body.metadata().size(); i++) {
                MetadataWriteBody entry = body.metadata().get(i);
                if (entry != null && entry.key() != null && !keys.add(entry.key())) {
                    errors.add(new FieldError("metadata[" + i + "].key", "is given twice"));
                }
            }
        }
    }

    @Override
    protected Uni<Void> apply(Caller caller, AppUser user, UserWriteBody body, Instant now) {
        return references.organization(caller.accountId(), body.organizationId(), "organizationId")
                .flatMap(organization -> references.reseller(caller.accountId(), body.resellerId(), "resellerId")
                        .<Void>map(reseller -> {
                            user.firstName = body.firstName();
                            user.lastName = body.lastName();
                            user.email = body.email().strip();
                            user.role = body.role();
                            user.roles = new String[] {body.role()};
                            user.company = body.company();
                            user.allowCustomerPortalAccess = Boolean.TRUE.equals(body.allowCustomerPortalAccess());
                            user.organization = organization;
                            user.reseller = reseller;
                            user.tags = body.tags() == null ? new String[0] : body.tags().toArray(String[]::new);
                            EmailPreferenceWriteBody preference = body.emailPreference();
                            user.emailMetrics = preference == null || preference.metrics() == null || preference.metrics();
                            applyMetadata(user, body.metadata() == null ? List.of() : body.metadata(), now);
                            user.updatedAt = now;
                            return null;
                        }));
    }

    /** A role may have changed: every instance forgets the user's secrets on commit. */
    @Override
    protected Uni<Void> flushed(AppUser user) {
        return changes.userChanged(user.id);
    }

    @Override
    protected void committed(UUID id) {
        secrets.dropUser(id);
        notifications.committed();
    }

    /** Replaces the metadata list; an entry whose key was already there keeps its id and creation time. */
    private static void applyMetadata(AppUser user, List<MetadataWriteBody> entries, Instant now) {
        Map<String, UserMetadata> existing = new HashMap<>();
        user.metadata.forEach(entry -> existing.putIfAbsent(entry.key, entry));
        List<UserMetadata> next = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            MetadataWriteBody body = entries.get(i);
            UserMetadata entry = existing.remove(body.key());
            if (entry == null) {
                entry = new UserMetadata();
                entry.id = Ids.next();
                entry.accountId = user.accountId;
                entry.user = user;
                entry.createdAt = now;
                entry.updatedAt = now;
            }
            String[] permissions = body.viewPermissions() == null ? new String[0] : body.viewPermissions().toArray(String[]::new);
            boolean visible = body.visible() == null || body.visible();
            if (entry.updatedAt == null || !Objects.equals(entry.value, body.value())
                    || !Arrays.equals(entry.viewPermissions, permissions) || entry.visible != visible || entry.position != i) {
                entry.updatedAt = now;
            }
            entry.key = body.key();
            entry.value = body.value();
            entry.viewPermissions = permissions;
            entry.visible = visible;
            entry.position = i;
            next.add(entry);
        }
        user.metadata.clear();
        user.metadata.addAll(next);
    }

    @Override
    protected UserBody body(AppUser user) {
        return UserBody.from(user);
    }

    @Override
    protected Uni<AppUser> insert(AppUser user) {
        return users.persistAndFlush(user);
    }

    @Override
    protected Uni<Void> flush() {
        return users.flush();
    }

    /**
     * Deletes the user and, in the same transaction, every token the user holds; each token not
     * revoked yet makes a token.revoked event (reason user_deleted).
     */
    @Override
    protected Uni<Void> remove(AppUser user) {
        return tokens.findUnrevokedOfUser(user.accountId, user.id).flatMap(held -> {
            Instant now = clock.instant();
            Uni<Void> written = Uni.createFrom().voidItem();
            for (PersonalAccessToken token : held) {
                PersonalAccessTokenBody last = PersonalAccessTokenBody.from(token).revokedAt(now);
                written = written.call(() -> notifications.revoked(user.accountId, last, Notifications.RevokeReason.USER_DELETED));
            }
            // The bulk delete below removes them; left in the session they would point at a deleted user at the flush.
            return written.call(() -> tokens.detach(held));
        }).flatMap(ignored -> users.deleteTokensOf(user.id)).flatMap(ignored -> users.delete(user)).call(users::flush)
                .call(() -> changes.userChanged(user.id));
    }

    @Override
    protected Throwable translate(Throwable failure) {
        return DatabaseErrors.is(failure, DatabaseErrors.UNIQUE_VIOLATION)
                ? ServiceException.conflict("email_taken", "Another user of this account has this email")
                : failure;
    }
}
