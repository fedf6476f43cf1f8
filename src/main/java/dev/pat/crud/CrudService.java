package dev.pat.crud;

import dev.pat.listing.ListGate;
import dev.pat.listing.ListQuery;
import dev.pat.listing.Page;
import dev.pat.platform.FieldError;
import dev.pat.platform.Ids;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transaction;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Create, read, list, update and delete of one kind of row of the caller's account (the directory's
 * resellers, organizations and users, and the account's webhooks): the same steps for each, with
 * the same rules for create and update. A subclass says how its write body maps onto its row and
 * its row onto the API body.
 *
 * @param <E> the row
 * @param <W> the write body: what a create sends, and what a patch is laid over
 * @param <B> the body the API shows
 */
public abstract class CrudService<E extends VersionedEntity, W, B> {

    private final Transactions transactions;
    private final ListGate lists;
    private final InputValidation validation;
    private final InstantSource clock;
    private final String what;
    private final AccountRows<E> rows;
    private final Supplier<E> newRow;
    private final Function<E, B> body;

    /**
     * @param what   the row's name in messages ("reseller")
     * @param newRow an empty row
     * @param body   the row as the API shows it
     */
    protected CrudService(CrudSupport support, String what, AccountRows<E> rows, Supplier<E> newRow, Function<E, B> body) {
        this.transactions = support.transactions();
        this.lists = support.lists();
        this.validation = support.validation();
        this.clock = support.clock();
        this.what = what;
        this.rows = rows;
        this.newRow = newRow;
        this.body = body;
    }

    /** The row's current values as a write body, for a patch to be laid over. */
    protected abstract W writable(E row);

    /** Sets the row from a valid body; fails on a reference the account does not hold. */
    protected abstract Uni<Void> apply(Caller caller, E row, W body, Instant now);

    /** Within the transaction: deletes the row (a subclass refuses while other rows depend on it). */
    protected Uni<Void> remove(Transaction transaction, Caller caller, E row) {
        return delete(row);
    }

    private Uni<Void> delete(E row) {
        return rows.delete(row).call(rows::flush);
    }

    /**
     * Deletes the row unless {@code dependants} counts rows that still point at it: then a 409 with
     * {@code code} saying how many {@code what} the {@code noun} still has, so that no row is removed
     * from under others.
     */
    protected Uni<Void> deleteUnlessUsed(E row, Uni<Long> dependants, String code, String noun, String what) {
        return dependants.flatMap(count -> count > 0
                ? Uni.createFrom().failure(ServiceException.conflict(code,
                        "The " + noun + " still has " + count + " " + what + "; move them first"))
                : delete(row));
    }

    /** Checks beyond the declared constraints; adds what it finds to the errors. */
    protected void check(W body, List<FieldError> errors) {
    }

    /** Turns a database refusal into the answer a caller can act on (a unique email, say). */
    protected Throwable translate(Throwable failure) {
        return failure;
    }

    public Uni<Versioned<B>> create(Caller caller, W body) {
        return transactions.write(transaction -> Uni.createFrom().item(() -> valid(body, new ArrayList<>())).flatMap(valid -> {
            Instant now = clock.instant();
            E row = newRow.get();
            row.id = Ids.next();
            row.accountId = caller.accountId();
            row.createdAt = now;
            return apply(caller, row, valid, now).flatMap(ignored -> rows.persistAndFlush(row)).map(this::versioned);
        })).onFailure().transform(this::translate);
    }

    public Uni<Versioned<B>> get(Caller caller, String id) {
        return transactions.read(() -> find(caller, id).map(this::versioned));
    }

    public Uni<Page<B>> list(Caller caller, ListQuery query) {
        return lists.run(caller.accountId(), () -> transactions.read(() -> rows.list(caller.accountId(), query).map(page -> page.map(body))));
    }

    public Uni<Versioned<B>> update(Caller caller, String id, Precondition precondition, Patch<W> patch) {
        return transactions.write(transaction -> find(caller, id).flatMap(row -> {
            precondition.check(row);
            List<FieldError> errors = new ArrayList<>();
            W current = writable(row);
            W valid = valid(patch.applyTo(current, errors), errors);
            if (valid.equals(current)) {
                // Nothing changes (a body sent back as read, say): no write, no new updatedAt, the same ETag.
                return Uni.createFrom().item(versioned(row));
            }
            return apply(caller, row, valid, clock.instant()).flatMap(ignored -> rows.flush()).call(() -> changed(transaction, current, row))
                    .map(ignored -> versioned(row));
        })).onFailure().transform(this::translate);
    }

    public Uni<Void> delete(Caller caller, String id, Precondition precondition) {
        return transactions.write(transaction -> find(caller, id).flatMap(row -> {
            precondition.check(row);
            return remove(transaction, caller, row);
        }));
    }

    /**
     * Within an update's transaction, once the change is flushed (a statement then runs on the
     * changed rows): what else the change means, given the values before it.
     */
    protected Uni<Void> changed(Transaction transaction, W before, E row) {
        return Uni.createFrom().voidItem();
    }

    private W valid(W body, List<FieldError> errors) {
        if (body != null) {
            check(body, errors);
        }
        return validation.validate(body, what, errors);
    }

    private Uni<E> find(Caller caller, String id) {
        return Ids.parse(id).map(uuid -> rows.findInAccount(caller.accountId(), uuid))
                .orElseGet(() -> Uni.createFrom().nullItem())
                .onItem().ifNull().failWith(() -> ServiceException.notFound(Character.toUpperCase(what.charAt(0)) + what.substring(1)));
    }

    private Versioned<B> versioned(E row) {
        return Versioned.of(body.apply(row), row);
    }
}
