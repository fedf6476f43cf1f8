package dev.pat.directory.model;

import dev.pat.crud.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A reseller of the account: the top of the directory a user hangs from. */
@Entity
@Table(name = "reseller")
public class Reseller extends VersionedEntity {

    @Column(nullable = false, length = 200)
    public String name;

    @Column(length = 320)
    public String email;

    @Column(length = 2000)
    public String description;

    @Column(name = "allowed_users")
    public Integer allowedUsers;

    @Column(name = "allowed_organizations")
    public Integer allowedOrganizations;
}
