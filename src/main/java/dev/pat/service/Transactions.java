package dev.pat.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * The one way services open a session: {@link #read} for work that changes nothing, {@link #write}
 * for one transaction. What follows the returned Uni happens after the session closed, for a
 * write after the commit: an event is never recorded for a change that was rolled back or whose
 * commit failed.
 */
@ApplicationScoped
public class Transactions {

    @WithSession
    public <T> Uni<T> read(Supplier<Uni<T>> work) {
        return work.get();
    }

    @WithTransaction
    public <T> Uni<T> write(Supplier<Uni<T>> work) {
        return work.get();
    }
}
