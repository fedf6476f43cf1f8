package dev.pat.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs work in one transaction, for operations that must act after the commit: what follows the
 * returned Uni happens only once the transaction committed (an audit event is never recorded for
 * a write that was rolled back or whose commit failed).
 */
@ApplicationScoped
public class Transactions {

    @WithTransaction
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return work.get();
    }
}
