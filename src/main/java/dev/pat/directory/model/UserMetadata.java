package dev.pat.directory.model;

import dev.pat.crud.AccountEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One key/value entry attached to a user, with who may see it. */
@Entity
@Table(name = "user_metadata")
public class UserMetadata extends AccountEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false)
    public AppUser user;

    /** Keeps the order in which the entries were given. */
    @Column(nullable = false)
    public int position;

    @Column(name = "meta_key", nullable = false, length = 100)
    public String key;

    @Column(name = "meta_value", length = 2000)
    public String value;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "view_permissions", nullable = false, length = 20)
    public String[] viewPermissions = new String[0];

    @Column(nullable = false)
    public boolean visible = true;
}
