package dev.pat.directory.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pat.crud.MultiLine;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The writable fields of a reseller, for create and (merged with the current values) update. */
@JsonIgnoreProperties({"id", "createdAt", "updatedAt"})
@Schema(name = "ResellerInput")
public record ResellerInput(
        @NotBlank @Size(max = 200) String name,
        @Email @Size(max = 320) String email,
        @MultiLine @Size(max = 2000) String description,
        @PositiveOrZero @Max(1_000_000) Integer allowedUsers,
        @PositiveOrZero @Max(1_000_000) Integer allowedOrganizations) {
}
