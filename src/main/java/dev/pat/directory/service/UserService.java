package dev.pat.directory.service;

import dev.pat.crud.CrudService;
import dev.pat.crud.CrudSupport;
import dev.pat.crud.InputValidation;
import dev.pat.crud.StoredArrays;
import dev.pat.directory.api.EmailPreferenceInput;
import dev.pat.directory.api.MetadataInput;
import dev.pat.directory.api.UserBody;
import dev.pat.directory.api.UserInput;
import dev.pat.directory.model.AppUser;
import dev.pat.directory.model.UserMetadata;
import dev.pat.directory.repository.UserRepository;
import dev.pat.listing.ListQuery;
import dev.pat.listing.ListSpec;
import dev.pat.listing.Page;
import dev.pat.platform.FieldError;
import dev.pat.platform.Ids;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transaction;
import dev.pat.platform.Transactions;
import dev.pat.platform.database.DatabaseFailures;
import dev.pat.security.Caller;
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
 * concurrent creates cannot both win). What a user's change means for its tokens (a role change,
 * a deletion) is the {@link UserChangeListener}'s, in the same transaction.
 */
@Singleton
public class UserService extends CrudService<AppUser, UserInput, UserBody> {

    private final UserRepository users;
    private final References references;
    private final UserChangeListener listener;

    public UserService(UserRepository users, References references, UserChangeListener listener, CrudSupport support) {
        super(support, "user", users, AppUser::new, UserBody::from);
        this.users = users;
        this.references = references;
        this.listener = listener;
    }

    @Override
    protected UserInput writable(AppUser user) {
        return new UserInput(user.firstName, user.lastName, user.email, user.role, user.company,
                user.allowCustomerPortalAccess,
                user.organization == null ? null : user.organization.id.toString(),
                user.reseller == null ? null : user.reseller.id.toString(),
                StoredArrays.values(user.tags), new EmailPreferenceInput(user.emailMetrics),
                user.metadata.stream().map(m -> new MetadataInput(m.key, m.value, StoredArrays.values(m.viewPermissions), m.visible))
                        .toList());
    }

    /**
     * Passwords belong to the identity provider that issues the platform's JWTs: one sent (on create
     * or in a patch, whatever its value) is refused with its own code, and nothing is stored.
     * Metadata keys are unique within a user.
     */
    @Override
    protected void check(UserInput body, List<FieldError> errors) {
        if (body.password() != null) {
            throw new ServiceException(ServiceException.Kind.INVALID, "password_not_managed",
                    "Passwords are not managed by this service: users sign in through the platform's identity provider."
                            + " Send the user without a password; nothing was stored.", null);
        }
        if (body.metadata() != null) {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < body.metadata().size(); i++) {
                MetadataInput entry = body.metadata().get(i);
                if (entry != null && entry.key() != null && !keys.add(entry.key())) {
                    errors.add(new FieldError("metadata[" + i + "].key", "is given twice"));
                }
            }
        }
    }

    @Override
    protected Uni<Void> apply(Caller caller, AppUser user, UserInput body, Instant now) {
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
                            EmailPreferenceInput preference = body.emailPreference();
                            user.emailMetrics = preference == null || preference.metrics() == null || preference.metrics();
                            applyMetadata(user, body.metadata() == null ? List.of() : body.metadata(), now);
                            user.updatedAt = now;
                            return null;
                        }));
    }

    /** Only the role is part of what a credential stands for; a new name or email changes no check. */
    @Override
    protected Uni<Void> changed(Transaction transaction, UserInput before, AppUser user) {
        return Objects.equals(before.role(), user.role) ? Uni.createFrom().voidItem() : listener.roleChanged(transaction, user);
    }

    /** Replaces the metadata list; an entry whose key was already there keeps its id and creation time. */
    private static void applyMetadata(AppUser user, List<MetadataInput> entries, Instant now) {
        Map<String, UserMetadata> existing = new HashMap<>();
        user.metadata.forEach(entry -> existing.putIfAbsent(entry.key, entry));
        List<UserMetadata> next = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            MetadataInput body = entries.get(i);
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

    /** The user's tokens go first (the listener's), then the user with its metadata. */
    @Override
    protected Uni<Void> remove(Transaction transaction, Caller caller, AppUser user) {
        return listener.deleting(transaction, caller, user).chain(() -> super.remove(transaction, caller, user));
    }

    @Override
    protected Throwable translate(Throwable failure) {
        return DatabaseFailures.is(failure, DatabaseFailures.UNIQUE_VIOLATION)
                ? ServiceException.conflict("email_taken", "Another user of this account has this email")
                : failure;
    }
}
