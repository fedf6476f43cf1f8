package dev.pat.repository;

import dev.pat.model.AppUser;
import dev.pat.query.ListQuery;
import dev.pat.query.ListSpec;
import dev.pat.query.Page;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Queries on users, with the organization, reseller and metadata graph the API shows. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<AppUser, UUID> {

    public static final ListSpec LIST_SPEC = new ListSpec(Map.of(
            "firstName", ListSpec.text("firstName"),
            "lastName", ListSpec.text("lastName"),
            "email", ListSpec.text("email"),
            "role", ListSpec.text("role"),
            "company", ListSpec.text("company"),
            "organizationId", ListSpec.id("organization.id"),
            "resellerId", ListSpec.id("reseller.id"),
            "createdAt", ListSpec.time("createdAt"),
            "updatedAt", ListSpec.time("updatedAt")),
            Set.of("createdAt", "updatedAt", "email", "firstName", "lastName"), "createdAt");

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
