package dev.pat.directory.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The postal address embedded in an organization row. */
@Embeddable
public class Address {

    @Column(name = "address_line1", length = 200)
    public String addressLine1;

    @Column(name = "address_line2", length = 200)
    public String addressLine2;

    @Column(length = 200)
    public String city;

    @Column(length = 200)
    public String state;

    @Column(length = 200)
    public String country;

    @Column(name = "postal_code", length = 50)
    public String postalCode;
}
