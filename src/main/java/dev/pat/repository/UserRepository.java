package dev.pat.repository;

import dev.pat.model.AppUser;
import dev.pat.query.ListQuery;
import dev.pat.query.ListSpec;
import dev.pat.query.Page;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Queries on users, with the organization, reseller and metadata graph the API shows. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<AppUser, UUID> {

    /** A user matches a metadata filter when one of its entries does. */
    private static final String METADATA = "UserMetadata m where m.user = p";

    public static final ListSpec LIST_SPEC = new ListSpec(Map.ofEntries(
            Map.entry("firstName", ListSpec.text("firstName")),
            Map.entry("lastName", ListSpec.text("lastName")),
            Map.entry("email", ListSpec.text("email")),
            Map.entry("role", ListSpec.text("role")),
            Map.entry("company", ListSpec.text("company")),
            Map.entry("organizationId", ListSpec.id("organization.id")),
            Map.entry("resellerId", ListSpec.id("reseller.id")),
            Map.entry("createdAt", ListSpec.time("createdAt")),
            Map.entry("updatedAt", ListSpec.time("updatedAt")),
            Map.entry("lastSeenAt", ListSpec.time("lastSeenAt")),
            Map.entry("tags", ListSpec.tags("tags")),
            Map.entry("metadata.key", ListSpec.textWithin(METADATA, "key")),
            Map.entry("metadata.value", ListSpec.textWithin(METADATA, "value"))),
            Set.of("createdAt", "updatedAt", "email", "firstName", "lastName"), "createdAt",
            List.of("firstName", "lastName", "email", "company"));


    /** The user graph in one statement: to-one chain by join fetch, metadata by a collection fetch. */
    static final String WITH_GRAPH = "select t from AppUser t"
            + " left join fetch t.organization o"
            + " left join fetch o.reseller"
            + " left join fetch t.reseller"
            + " left join fetch t.metadata";

    /** The user with organization, resellers and metadata, or null. */
    public Uni<AppUser> findInAccount(UUID accountId, UUID id) {
        return find(WITH_GRAPH + " where t.id = ?1 and t.accountId = ?2", id, accountId)
                .list()
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    public Uni<Page<AppUser>> list(UUID accountId, ListQuery query) {
        return ListQueries.list(this, WITH_GRAPH, "AppUser", ListQueries.Scope.account(accountId), query);
    }

    /** Removes the user's tokens, in the caller's transaction. */
    public Uni<Integer> deleteTokensOf(UUID userId) {
        return getSession().flatMap(session -> session
                .createMutationQuery("delete from PersonalAccessToken t where t.user.id = :id")
                .setParameter("id", userId)
                .executeUpdate());
    }
}
