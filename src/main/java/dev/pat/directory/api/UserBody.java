package dev.pat.directory.api;

import dev.pat.crud.StoredArrays;
import dev.pat.directory.model.AppUser;
import dev.pat.platform.ApiTime;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The seed's {@code user} object, with its organization, reseller and metadata embedded. */
@Schema(name = "User", description = "A user of the account. Passwords are not managed here: see UserInput.")
public record UserBody(String id, Instant createdAt, Instant updatedAt, String name, String firstName, String lastName,
        String email, String role, boolean twoFactorEnabled, boolean googleSsoEnabled, Instant lastLoginAt, String company,
        boolean allowCustomerPortalAccess, List<String> roles, Instant lastSeenAt, String organizationId,
        OrganizationBody organization, String resellerId, ResellerBody reseller, List<MetadataBody> metadata,
        List<String> tags, EmailPreferenceBody emailPreference) {

    /** Maps a user whose organization, resellers and metadata were fetched with it. */
    public static UserBody from(AppUser user) {
        return new UserBody(user.id.toString(), ApiTime.of(user.createdAt), ApiTime.of(user.updatedAt), user.displayName(),
                user.firstName, user.lastName, user.email, user.role, user.twoFactorEnabled, user.googleSsoEnabled,
                ApiTime.of(user.lastLoginAt), user.company, user.allowCustomerPortalAccess, StoredArrays.values(user.roles),
                ApiTime.of(user.lastSeenAt), user.organization == null ? null : user.organization.id.toString(),
                OrganizationBody.from(user.organization), user.reseller == null ? null : user.reseller.id.toString(),
                ResellerBody.from(user.reseller), user.metadata.stream().map(MetadataBody::from).toList(),
                StoredArrays.values(user.tags), new EmailPreferenceBody(user.emailMetrics));
    }
}
