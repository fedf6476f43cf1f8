package dev.pat.notification.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A token event in the outbox, written in the transaction of the change it tells of. Its payload
 * (the exact bytes receivers get) is written and read by SQL only, so the entity leaves it out.
 */
@Entity
@Table(name = "notification_event")
public class NotificationEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(nullable = false, length = 40)
    public String event;

    @Column(name = "token_id", nullable = false)
    public UUID tokenId;

    /** For a reminder: which one (P7D, P1D, expired); null for an event of a change. */
    @Column(length = 10)
    public String threshold;

    /** For a reminder: the expiry it was computed from, so a moved expiry gets reminders again. */
    @Column(name = "token_expires_at")
    public Instant tokenExpiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
