package dev.pat.platform;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way services open a session: {@link #read} for work that changes nothing, {@link #write}
 * for one transaction. The work of a write registers on its {@link Transaction} what must follow the
 * commit, so nothing is recorded for a change that was rolled back or whose commit failed. A write
 * started inside another joins it (the demo data loads through the services in one transaction),
 * and its follow-up steps wait for the outer commit.
 */
@ApplicationScoped
public class Transactions {

    /** The write under way on this request's (duplicated) Vert.x context, where Panache keeps its session too. */
    private static final String CURRENT = Transaction.class.getName();

    /**
     * Entities loaded here are read-only: Hibernate keeps no snapshot of their state to compare at a
     * flush that never comes (less memory and work per row of a token graph or a list page).
     */
    public <T> Uni<T> read(Supplier<Uni<T>> work) {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> {
            boolean before = session.isDefaultReadOnly();
            session.setDefaultReadOnly(true);
            return work.get().eventually(() -> session.setDefaultReadOnly(before));
        }));
    }

    public <T> Uni<T> write(Function<Transaction, Uni<T>> work) {
        Transaction outer = ContextLocals.<Transaction>get(CURRENT).orElse(null);
        if (outer != null) {
            return work.apply(outer);
        }
        Transaction transaction = new Transaction();
        return Panache.withTransaction(() -> {
            ContextLocals.put(CURRENT, transaction);
            return Uni.createFrom().deferred(() -> work.apply(transaction)).eventually(() -> ContextLocals.remove(CURRENT));
        }).invoke(transaction::committed);
    }
}
