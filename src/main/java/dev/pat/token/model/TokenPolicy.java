package dev.pat.token.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An account's rules for its tokens, within the deployment's ({@code pat.tokens.*}). An account
 * without a row has none of its own.
 */
@Entity
@Table(name = "token_policy")
public class TokenPolicy extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Version
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The longest a new, re-dated or rotated token may live from now; null = the deployment's maximum only. */
    @Column(name = "max_lifetime_days")
    public Integer maxLifetimeDays;

    @Column(name = "require_expiry", nullable = false)
    public boolean requireExpiry;

    /** The scopes a token may carry; null = any of the vocabulary. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_scopes", length = 100)
    public String[] allowedScopes;

    /** A token unused (or, never used, created) this many days ago is revoked by the scan; null = never. */
    @Column(name = "inactivity_revoke_days")
    public Integer inactivityRevokeDays;

    /** Stored and answered; enforced when tokens carry allowed networks. */
    @Column(name = "require_allowed_cidrs", nullable = false)
    public boolean requireAllowedCidrs;
}
