package dev.pat.crud;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.UUID;

/** The columns every row of an account has: its id, its tenant and when it was made and last changed. */
@MappedSuperclass
public abstract class AccountEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false, updatable = false)
    public UUID accountId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
