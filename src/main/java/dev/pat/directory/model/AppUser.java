package dev.pat.directory.model;

import dev.pat.crud.VersionedEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user of the account: owner of tokens, member of an organization. */
@Entity
@Table(name = "app_user")
public class AppUser extends VersionedEntity {

    @Column(name = "first_name", length = 100)
    public String firstName;

    @Column(name = "last_name", length = 100)
    public String lastName;

    @Column(nullable = false, length = 320)
    public String email;

    @Column(nullable = false, length = 50)
    public String role;

    /** The legacy role list; kept equal to {@code [role]} by the service. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, length = 50)
    public String[] roles = new String[0];

    @Column(name = "two_factor_enabled", nullable = false)
    public boolean twoFactorEnabled;

    @Column(name = "google_sso_enabled", nullable = false)
    public boolean googleSsoEnabled;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @Column(length = 200)
    public String company;

    @Column(name = "allow_customer_portal_access", nullable = false)
    public boolean allowCustomerPortalAccess;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, length = 100)
    public String[] tags = new String[0];

    @Column(name = "email_metrics", nullable = false)
    public boolean emailMetrics = true;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "organization_id")
    public Organization organization;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "reseller_id")
    public Reseller reseller;

    @OneToMany(mappedBy = "user", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<UserMetadata> metadata = new ArrayList<>();

    /** The display name the API shows: first and last name, whichever exist. */
    public String displayName() {
        String first = firstName == null ? "" : firstName.trim();
        String last = lastName == null ? "" : lastName.trim();
        String joined = (first + " " + last).trim();
        return joined.isEmpty() ? null : joined;
    }
}
