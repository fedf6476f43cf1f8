package dev.pat.directory.api;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The writable address of an organization. */
@Schema(name = "AddressInput")
public record AddressInput(
        @Size(max = 200) String addressLine1,
        @Size(max = 200) String addressLine2,
        @Size(max = 200) String city,
        @Size(max = 200) String state,
        @Size(max = 200) String country,
        @Size(max = 50) String postalCode) {
}
