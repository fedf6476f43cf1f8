package dev.pat.token.model;

import dev.pat.crud.VersionedEntity;
import dev.pat.directory.model.AppUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A personal access token: its metadata and the digest of its secret, never the secret. */
@Entity
@Table(name = "personal_access_token")
// Writes only the columns that changed, so a PATCH never writes back a lastUsedAt read before a concurrent use.
@DynamicUpdate
public class PersonalAccessToken extends VersionedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false, updatable = false)
    public AppUser user;

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

    /** The secret a rotation with a grace period replaced, valid until {@link #previousSecretExpiresAt}. */
    @Column(name = "previous_secret_digest")
    public byte[] previousSecretDigest;

    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;

    /** The five most recent distinct client addresses it was used from, newest first. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "last_used_ips", nullable = false, length = 45)
    public String[] lastUsedIps = new String[0];

    /** The networks its secret may be used from, as normalised CIDR strings; empty: anywhere. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_cidrs", nullable = false, length = 43)
    public String[] allowedCidrs = new String[0];

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
