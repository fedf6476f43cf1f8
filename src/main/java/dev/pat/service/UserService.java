package dev.pat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.model.AppUser;
import dev.pat.model.Organization;
import dev.pat.model.Reseller;
import dev.pat.model.UserMetadata;
import dev.pat.repository.ListRequest;
import dev.pat.repository.Page;
import dev.pat.repository.UserRepository;
import dev.pat.rest.EmailPreferenceInput;
import dev.pat.rest.MetadataInput;
import dev.pat.rest.UserBody;
import dev.pat.rest.UserInput;
import dev.pat.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Users of the caller's account: create, read, list, update, delete. An email is unique per
 * account (the database enforces it, so concurrent creates cannot both win); deleting a user
 * deletes the user's tokens in the same transaction.
 */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final References references;
    private final InputValidation validation;

    public UserService(UserRepository users, References references, InputValidation validation) {
        this.users = users;
        this.references = references;
        this.validation = validation;
    }

    @WithTransaction
    public Uni<Versioned<UserBody>> create(Caller caller, UserInput input) {
        return Uni.createFrom().item(() -> distinctMetadataKeys(validation.validate(input, "user")))
                .flatMap(valid -> resolve(caller, valid, (organization, reseller) -> {
                    Instant now = Instant.now();
                    AppUser user = new AppUser();
                    user.id = Ids.next();
                    user.accountId = caller.accountId();
                    user.createdAt = now;
                    apply(user, valid, organization, reseller, now);
                    return users.persistAndFlush(user).map(UserService::versioned);
                }))
                .onFailure(failure -> DatabaseErrors.is(failure, DatabaseErrors.UNIQUE_VIOLATION))
                .transform(failure -> emailTaken());
    }

    @WithSession
    public Uni<Versioned<UserBody>> get(Caller caller, String id) {
        return find(caller, id).map(UserService::versioned);
    }

    @WithSession
    public Uni<Page<UserBody>> list(Caller caller, Map<String, List<String>> parameters) {
        return Uni.createFrom().item(() -> ListRequest.parse(parameters, UserRepository.LIST_SPEC, "createdAt"))
                .flatMap(request -> users.page(caller.accountId(), request)
                        .flatMap(items -> users.countMatching(caller.accountId(), request)
                                .map(total -> new Page<>(items.stream().map(UserBody::from).toList(), total,
                                        request.page(), request.limit()))));
    }

    @WithTransaction
    public Uni<Versioned<UserBody>> update(Caller caller, String id, String ifMatch, ObjectNode patch) {
        return find(caller, id).flatMap(user -> {
            IfMatch.check(ifMatch, Versioned.etag(user.id, user.version));
            UserInput merged = distinctMetadataKeys(validation.merge(input(user), patch, UserInput.class, "user"));
            return resolve(caller, merged, (organization, reseller) -> {
                apply(user, merged, organization, reseller, Instant.now());
                return users.flush().map(ignored -> versioned(user));
            });
        }).onFailure(failure -> DatabaseErrors.is(failure, DatabaseErrors.UNIQUE_VIOLATION)).transform(failure -> emailTaken());
    }

    /** Deletes the user and, in the same transaction, every token the user holds. */
    @WithTransaction
    public Uni<Void> delete(Caller caller, String id, String ifMatch) {
        return find(caller, id).flatMap(user -> {
            IfMatch.check(ifMatch, Versioned.etag(user.id, user.version));
            return users.deleteTokensOf(user.id).flatMap(ignored -> users.delete(user)).call(users::flush);
        });
    }

    private interface WithReferences<T> {
        Uni<T> apply(Organization organization, Reseller reseller);
    }

    private <T> Uni<T> resolve(Caller caller, UserInput input, WithReferences<T> then) {
        return references.organization(caller.accountId(), input.organizationId(), "organizationId")
                .flatMap(organization -> references.reseller(caller.accountId(), input.resellerId(), "resellerId")
                        .flatMap(reseller -> then.apply(organization, reseller)));
    }

    private Uni<AppUser> find(Caller caller, String id) {
        return Ids.parse(id).map(uuid -> users.findWithGraph(caller.accountId(), uuid))
                .orElseGet(() -> Uni.createFrom().nullItem())
                .onItem().ifNull().failWith(() -> ServiceException.notFound("User"));
    }

    private static void apply(AppUser user, UserInput input, Organization organization, Reseller reseller, Instant now) {
        user.firstName = input.firstName();
        user.lastName = input.lastName();
        user.email = input.email().strip();
        user.role = input.role();
        user.roles = new String[] {input.role()};
        user.company = input.company();
        user.allowCustomerPortalAccess = Boolean.TRUE.equals(input.allowCustomerPortalAccess());
        user.organization = organization;
        user.reseller = reseller;
        user.tags = input.tags() == null ? new String[0] : input.tags().toArray(String[]::new);
        EmailPreferenceInput preference = input.emailPreference();
        user.emailMetrics = preference == null || preference.metrics() == null || preference.metrics();
        applyMetadata(user, input.metadata() == null ? List.of() : input.metadata(), now);
        user.updatedAt = now;
    }

    /** Replaces the metadata list; an entry whose key was already there keeps its id and creation time. */
    private static void applyMetadata(AppUser user, List<MetadataInput> entries, Instant now) {
        Map<String, UserMetadata> existing = new HashMap<>();
        user.metadata.forEach(entry -> existing.putIfAbsent(entry.key, entry));
        List<UserMetadata> next = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            MetadataInput input = entries.get(i);
            UserMetadata entry = existing.remove(input.key());
            if (entry == null) {
                entry = new UserMetadata();
                entry.id = Ids.next();
                entry.accountId = user.accountId;
                entry.user = user;
                entry.createdAt = now;
                entry.updatedAt = now;
            }
            String[] permissions = input.viewPermissions() == null ? new String[0] : input.viewPermissions().toArray(String[]::new);
            boolean visible = input.visible() == null || input.visible();
            if (entry.updatedAt == null || !java.util.Objects.equals(entry.value, input.value())
                    || !java.util.Arrays.equals(entry.viewPermissions, permissions) || entry.visible != visible || entry.position != i) {
                entry.updatedAt = now;
            }
            entry.key = input.key();
            entry.value = input.value();
            entry.viewPermissions = permissions;
            entry.visible = visible;
            entry.position = i;
            next.add(entry);
        }
        user.metadata.clear();
        user.metadata.addAll(next);
    }

    private static UserInput input(AppUser user) {
        return new UserInput(user.firstName, user.lastName, user.email, user.role, user.company, user.allowCustomerPortalAccess,
                user.organization == null ? null : user.organization.id.toString(),
                user.reseller == null ? null : user.reseller.id.toString(),
                List.of(user.tags), new EmailPreferenceInput(user.emailMetrics),
                user.metadata.stream().map(m -> new MetadataInput(m.key, m.value, List.of(m.viewPermissions), m.visible)).toList());
    }

    private static UserInput distinctMetadataKeys(UserInput input) {
        if (input.metadata() != null) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (int i = 0; i < input.metadata().size(); i++) {
                if (!keys.add(input.metadata().get(i).key())) {
                    throw ServiceException.invalid("metadata[" + i + "].key", "is given twice");
                }
            }
        }
        return input;
    }

    private static ServiceException emailTaken() {
        return ServiceException.conflict("email_taken", "Another user of this account has this email");
    }

    private static Versioned<UserBody> versioned(AppUser user) {
        return Versioned.of(UserBody.from(user), user.id, user.version);
    }
}
