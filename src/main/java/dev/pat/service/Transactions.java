package dev.pat.service;

import io.quarkus.hibernate.reactive.panache.Panache;
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

    /**
     * Entities loaded here are read-only: Hibernate keeps no snapshot of their state to compare at a
     * flush that never comes (less memory and work per row of a token graph or a list page).
     */
    @WithSession
    public <T> Uni<T> read(Supplier<Uni<T>> work) {
        return Panache.getSession().flatMap(session -> {
            boolean before = session.isDefaultReadOnly();
            session.setDefaultReadOnly(true);
            return work.get().eventually(() -> session.setDefaultReadOnly(before));
        });
    }

    @WithTransaction
    public <T> Uni<T> write(Supplier<Uni<T>> work) {
        return work.get();
    }
}
