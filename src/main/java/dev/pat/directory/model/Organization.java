package dev.pat.directory.model;

import dev.pat.crud.VersionedEntity;
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
public class Organization extends VersionedEntity {

    @Column(nullable = false, length = 200)
    public String name;

    @Column(length = 320)
    public String email;

    @Column(length = 2000)
    public String description;

    @Column(name = "allowed_users")
    public Integer allowedUsers;

    @Embedded
    public Address address = new Address();

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "reseller_id")
    public Reseller reseller;
}
