package dev.pat.token.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The digest of a secret a token had before a rotation replaced it (a token family's earlier member). */
@Entity
@Table(name = "token_secret_history")
public class FormerSecret extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false, updatable = false)
    public UUID accountId;

    @Column(name = "token_id", nullable = false, updatable = false)
    public UUID tokenId;

    @Column(name = "secret_digest", nullable = false, updatable = false)
    public byte[] secretDigest;

    /** When it stopped being the token's current secret (a grace period may have let it work a while longer). */
    @Column(name = "replaced_at", nullable = false, updatable = false)
    public Instant replacedAt;
}
