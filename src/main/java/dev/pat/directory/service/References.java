package dev.pat.directory.service;

import dev.pat.directory.model.Organization;
import dev.pat.directory.model.Reseller;
import dev.pat.directory.repository.OrganizationRepository;
import dev.pat.directory.repository.ResellerRepository;
import dev.pat.platform.Ids;
import dev.pat.platform.ServiceException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Resolves the ids a body refers to within the caller's account. A reference to anything the
 * account does not hold, another account's row included, is a 400 on that field.
 */
@Singleton
public record References(ResellerRepository resellers, OrganizationRepository organizations) {

    Uni<Reseller> reseller(UUID accountId, String id, String field) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return Ids.parse(id).map(uuid -> resellers.findInAccount(accountId, uuid)).orElseGet(() -> Uni.createFrom().nullItem())
                .onItem().ifNull().failWith(() -> ServiceException.invalid(field, "names no reseller of this account"));
    }

    Uni<Organization> organization(UUID accountId, String id, String field) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return Ids.parse(id).map(uuid -> organizations.findInAccount(accountId, uuid)).orElseGet(() -> Uni.createFrom().nullItem())
                .onItem().ifNull().failWith(() -> ServiceException.invalid(field, "names no organization of this account"));
    }
}
