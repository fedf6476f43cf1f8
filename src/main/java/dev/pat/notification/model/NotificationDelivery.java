package dev.pat.notification.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One receiver's copy of an event (a webhook, or the token owner's e-mail address) and where its
 * delivery stands. The delivery worker writes it by SQL; the API only reads it.
 */
@Entity
@Table(name = "notification_delivery")
public class NotificationDelivery extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "event_id", nullable = false)
    public NotificationEvent event;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "webhook_id")
    public UUID webhookId;

    @Column(length = 320)
    public String email;

    /** pending, delivered or failed. */
    @Column(nullable = false, length = 10)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "response_code")
    public Integer responseCode;

    @Column(name = "last_error", length = 200)
    public String lastError;
}
