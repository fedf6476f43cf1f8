package dev.pat.directory.api;

import dev.pat.directory.model.Address;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The seed's {@code organization.address} object. */
@Schema(name = "Address")
public record AddressBody(String addressLine1, String addressLine2, String city, String state, String country,
        String postalCode) {

    public static AddressBody from(Address address) {
        if (address == null) {
            return new AddressBody(null, null, null, null, null, null);
        }
        return new AddressBody(address.addressLine1, address.addressLine2, address.city, address.state,
                address.country, address.postalCode);
    }
}
