package dev.pat.crud;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

/** A row the API shows on its own: its optimistic-lock version is what the ETag is made of. */
@MappedSuperclass
public abstract class VersionedEntity extends AccountEntity {

    @Version
    public long version;
}
