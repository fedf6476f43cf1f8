package dev.pat.directory.api;

import dev.pat.directory.model.Reseller;
import dev.pat.platform.ApiTime;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The seed's {@code reseller} object. */
@Schema(name = "Reseller")
public record ResellerBody(String id, Instant createdAt, Instant updatedAt, String name, String email, String description,
        Integer allowedUsers, Integer allowedOrganizations) {

    public static ResellerBody from(Reseller reseller) {
        if (reseller == null) {
            return null;
        }
        return new ResellerBody(reseller.id.toString(), ApiTime.of(reseller.createdAt), ApiTime.of(reseller.updatedAt),
                reseller.name, reseller.email, reseller.description, reseller.allowedUsers, reseller.allowedOrganizations);
    }
}
