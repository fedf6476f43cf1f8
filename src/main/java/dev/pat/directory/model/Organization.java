package dev.pat.directory.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An organization of the account, with its address and optional reseller. */
@Entity
@Table(name = "organization")
public class Organization extends DirectoryParty {

    @Embedded
    public Address address = new Address();

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "reseller_id")
    public Reseller reseller;
}
