package dev.pat.directory.service;

import dev.pat.crud.CrudService;
import dev.pat.crud.CrudSupport;
import dev.pat.crud.InputValidation;
import dev.pat.directory.api.AddressInput;
import dev.pat.directory.api.OrganizationBody;
import dev.pat.directory.api.OrganizationInput;
import dev.pat.directory.model.Address;
import dev.pat.directory.model.Organization;
import dev.pat.directory.repository.OrganizationRepository;
import dev.pat.listing.ListQuery;
import dev.pat.listing.ListSpec;
import dev.pat.listing.Page;
import dev.pat.platform.Transaction;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

/** Organizations of the caller's account, each with its address and optional reseller. */
@Singleton
public class OrganizationService extends CrudService<Organization, OrganizationInput, OrganizationBody> {

    private final OrganizationRepository organizations;
    private final References references;

    public OrganizationService(OrganizationRepository organizations, References references, CrudSupport support) {
        super(support, "organization", organizations, Organization::new, OrganizationBody::from);
        this.organizations = organizations;
        this.references = references;
    }

    @Override
    protected OrganizationInput writable(Organization organization) {
        Address address = organization.address == null ? new Address() : organization.address;
        return new OrganizationInput(organization.name, organization.email, organization.description,
                organization.allowedUsers,
                new AddressInput(address.addressLine1, address.addressLine2, address.city, address.state, address.country,
                        address.postalCode),
                organization.reseller == null ? null : organization.reseller.id.toString());
    }

    @Override
    protected Uni<Void> apply(Caller caller, Organization organization, OrganizationInput body, Instant now) {
        return references.reseller(caller.accountId(), body.resellerId(), "resellerId").map(reseller -> {
            organization.describe(body.name(), body.email(), body.description(), body.allowedUsers());
            organization.address = address(body.address());
            organization.reseller = reseller;
            organization.updatedAt = now;
            return null;
        });
    }

    private static Address address(AddressInput body) {
        Address address = new Address();
        if (body != null) {
            address.addressLine1 = body.addressLine1();
            address.addressLine2 = body.addressLine2();
            address.city = body.city();
            address.state = body.state();
            address.country = body.country();
            address.postalCode = body.postalCode();
        }
        return address;
    }

    /** Refused with 409 while users still belong to the organization. */
    @Override
    protected Uni<Void> remove(Transaction transaction, Caller caller, Organization organization) {
        return deleteUnlessUsed(organization, organizations.countUsers(organization.id), "organization_in_use", "organization", "users");
    }
}
