package dev.pat.directory.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The writable fields of a user, for create and (merged with the current values) update. */
@JsonIgnoreProperties({"id", "createdAt", "updatedAt", "name", "twoFactorEnabled", "googleSsoEnabled", "lastLoginAt", "roles", "lastSeenAt", "organization", "reseller"})
@Schema(name = "UserInput", description = "A user as created or changed. No password: users sign in through the"
        + " platform's identity provider, and a password is refused (400 password_not_managed), never stored. Fields the"
        + " API shows read-only (id, name, roles, createdAt, lastLoginAt, ...) may be sent back as read; they are ignored.")
public record UserInput(
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        @NotBlank @Email @Size(max = 320) String email,
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9_-]{0,49}", message = "must be a lower-case role name such as admin or user") String role,
        @Size(max = 200) String company,
        Boolean allowCustomerPortalAccess,
        @Schema(description = "An organization of the same account, or null") String organizationId,
        @Schema(description = "A reseller of the same account, or null") String resellerId,
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> tags,
        @Valid EmailPreferenceInput emailPreference,
        @Size(max = 50) List<@NotNull @Valid MetadataInput> metadata,
        // Taken only to be refused with its own code (the seed platform's client sends one on create); a row has none.
        @Schema(hidden = true) @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode password) {

    /** The writable fields of a row, which never holds a password. */
    public UserInput(String firstName, String lastName, String email, String role, String company, Boolean allowCustomerPortalAccess,
            String organizationId, String resellerId, List<String> tags, EmailPreferenceInput emailPreference,
            List<MetadataInput> metadata) {
        this(firstName, lastName, email, role, company, allowCustomerPortalAccess, organizationId, resellerId, tags, emailPreference,
                metadata, null);
    }
}
