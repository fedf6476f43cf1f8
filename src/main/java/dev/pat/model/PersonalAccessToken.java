package dev.pat.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A personal access token: its metadata and the digest of its secret, never the secret. */
@Entity
@Table(name = "personal_access_token")
// Writes only the columns that changed, so a PATCH never writes back a lastUsedAt read before a concurrent use.
@DynamicUpdate
public class PersonalAccessToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false, updatable = false)
    public UUID accountId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false, updatable = false)
    public AppUser user;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(nullable = false)
    public boolean revoked;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, length = 100)
    public String[] scopes = new String[0];

    @Column(name = "secret_digest", nullable = false)
    public byte[] secretDigest;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "last_rotated_at")
    public Instant lastRotatedAt;

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
