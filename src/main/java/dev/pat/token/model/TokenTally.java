package dev.pat.token.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * One stripe of an account's token count, kept by the token table's triggers (migration V7) and
 * only ever read here. Mapped so that the count is an HQL query whose plan Hibernate caches: the
 * same SQL as a native query took a new plan-cache entry at every call (all with one hash), and the
 * lookups through them were a tenth of a list page's CPU (bench/RESULTS.md).
 */
@Entity
@Immutable
@Table(name = "token_tally")
public class TokenTally extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public long tokens;

    /** The account and the stripe. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "account_id", nullable = false)
        public UUID accountId;

        @Column(nullable = false)
        public short stripe;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && stripe == key.stripe && Objects.equals(accountId, key.accountId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, stripe);
        }
    }
}
