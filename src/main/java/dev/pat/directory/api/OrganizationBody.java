package dev.pat.directory.api;

import dev.pat.directory.model.Organization;
import dev.pat.platform.ApiTime;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The seed's {@code organization} object, its reseller embedded. */
@Schema(name = "Organization")
public record OrganizationBody(String id, Instant createdAt, Instant updatedAt, String name, String email, String description,
        Integer allowedUsers, AddressBody address, String resellerId, ResellerBody reseller) {

    public static OrganizationBody from(Organization organization) {
        if (organization == null) {
            return null;
        }
        return new OrganizationBody(organization.id.toString(), ApiTime.of(organization.createdAt),
                ApiTime.of(organization.updatedAt), organization.name, organization.email, organization.description,
                organization.allowedUsers, AddressBody.from(organization.address),
                organization.reseller == null ? null : organization.reseller.id.toString(),
                ResellerBody.from(organization.reseller));
    }
}
