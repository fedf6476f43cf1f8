package dev.pat.directory.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A reseller of the account: the top of the directory a user hangs from. */
@Entity
@Table(name = "reseller")
public class Reseller extends DirectoryParty {

    @Column(name = "allowed_organizations")
    public Integer allowedOrganizations;
}
