package dev.pat.notification.model;

import dev.pat.crud.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A URL of the account that receives signed token events. */
@Entity
@Table(name = "webhook")
public class Webhook extends VersionedEntity {

    @Column(nullable = false, length = 2000)
    public String url;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, length = 40)
    public String[] events = new String[0];

    /** The HMAC-SHA256 key of its deliveries; shown once, in the answer to the create. */
    @Column(nullable = false, length = 200)
    public String secret;

    @Column(nullable = false)
    public boolean active = true;
}
