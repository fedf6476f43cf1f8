package dev.pat.directory.model;

import dev.pat.crud.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** What a reseller and an organization both are: a named party with a contact address and a number of users it may have. */
@MappedSuperclass
public abstract class DirectoryParty extends VersionedEntity {

    @Column(nullable = false, length = 200)
    public String name;

    @Column(length = 320)
    public String email;

    @Column(length = 2000)
    public String description;

    @Column(name = "allowed_users")
    public Integer allowedUsers;

    /** Sets the fields every party has; the name without surrounding blanks. */
    public void describe(String name, String email, String description, Integer allowedUsers) {
        this.name = name.strip();
        this.email = email;
        this.description = description;
        this.allowedUsers = allowedUsers;
    }
}
