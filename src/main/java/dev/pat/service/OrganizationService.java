package dev.pat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.model.Address;
import dev.pat.model.Organization;
import dev.pat.model.Reseller;
import dev.pat.repository.ListRequest;
import dev.pat.repository.OrganizationRepository;
import dev.pat.repository.Page;
import dev.pat.rest.AddressInput;
import dev.pat.rest.OrganizationBody;
import dev.pat.rest.OrganizationInput;
import dev.pat.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Organizations of the caller's account: create, read, list, update, delete. */
@ApplicationScoped
public class OrganizationService {

    private final OrganizationRepository organizations;
    private final References references;
    private final InputValidation validation;

    public OrganizationService(OrganizationRepository organizations, References references, InputValidation validation) {
        this.organizations = organizations;
        this.references = references;
        this.validation = validation;
    }

    @WithTransaction
    public Uni<Versioned<OrganizationBody>> create(Caller caller, OrganizationInput input) {
        return Uni.createFrom().item(() -> validation.validate(input, "organization"))
                .flatMap(valid -> references.reseller(caller.accountId(), valid.resellerId(), "resellerId").flatMap(reseller -> {
                    Instant now = Instant.now();
                    Organization organization = new Organization();
                    organization.id = Ids.next();
                    organization.accountId = caller.accountId();
                    organization.createdAt = now;
                    apply(organization, valid, reseller, now);
                    return organizations.persistAndFlush(organization).map(OrganizationService::versioned);
                }));
    }

    @WithSession
    public Uni<Versioned<OrganizationBody>> get(Caller caller, String id) {
        return find(caller, id).map(OrganizationService::versioned);
    }

    @WithSession
    public Uni<Page<OrganizationBody>> list(Caller caller, Map<String, List<String>> parameters) {
        return Uni.createFrom().item(() -> ListRequest.parse(parameters, OrganizationRepository.LIST_SPEC, "createdAt"))
                .flatMap(request -> organizations.page(caller.accountId(), request)
                        .flatMap(items -> organizations.countMatching(caller.accountId(), request)
                                .map(total -> new Page<>(items.stream().map(OrganizationBody::from).toList(), total,
                                        request.page(), request.limit()))));
    }

    @WithTransaction
    public Uni<Versioned<OrganizationBody>> update(Caller caller, String id, String ifMatch, ObjectNode patch) {
        return find(caller, id).flatMap(organization -> {
            IfMatch.check(ifMatch, Versioned.etag(organization.id, organization.version));
            OrganizationInput merged = validation.merge(input(organization), patch, OrganizationInput.class, "organization");
            return references.reseller(caller.accountId(), merged.resellerId(), "resellerId").flatMap(reseller -> {
                apply(organization, merged, reseller, Instant.now());
                return organizations.flush().map(ignored -> versioned(organization));
            });
        });
    }

    /** Refused with 409 while users still belong to the organization. */
    @WithTransaction
    public Uni<Void> delete(Caller caller, String id, String ifMatch) {
        return find(caller, id).flatMap(organization -> {
            IfMatch.check(ifMatch, Versioned.etag(organization.id, organization.version));
            return organizations.countUsers(organization.id).flatMap(users -> {
                if (users > 0) {
                    return Uni.createFrom().failure(ServiceException.conflict("organization_in_use",
                            "The organization still has " + users + " users; move them first"));
                }
                return organizations.delete(organization).call(organizations::flush);
            });
        });
    }

    private Uni<Organization> find(Caller caller, String id) {
        return Ids.parse(id).map(uuid -> organizations.findInAccount(caller.accountId(), uuid))
                .orElseGet(() -> Uni.createFrom().nullItem())
                .onItem().ifNull().failWith(() -> ServiceException.notFound("Organization"));
    }

    private static void apply(Organization organization, OrganizationInput input, Reseller reseller, Instant now) {
        organization.name = input.name().strip();
        organization.email = input.email();
        organization.description = input.description();
        organization.allowedUsers = input.allowedUsers();
        AddressInput address = input.address();
        organization.address = new Address();
        if (address != null) {
            organization.address.addressLine1 = address.addressLine1();
            organization.address.addressLine2 = address.addressLine2();
            organization.address.city = address.city();
            organization.address.state = address.state();
            organization.address.country = address.country();
            organization.address.postalCode = address.postalCode();
        }
        organization.reseller = reseller;
        organization.updatedAt = now;
    }

    private static OrganizationInput input(Organization organization) {
        Address address = organization.address == null ? new Address() : organization.address;
        return new OrganizationInput(organization.name, organization.email, organization.description, organization.allowedUsers,
                new AddressInput(address.addressLine1, address.addressLine2, address.city, address.state, address.country,
                        address.postalCode),
                organization.reseller == null ? null : organization.reseller.id.toString());
    }

    private static Versioned<OrganizationBody> versioned(Organization organization) {
        return Versioned.of(OrganizationBody.from(organization), organization.id, organization.version);
    }
}
