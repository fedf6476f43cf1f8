package dev.pat.directory.service;

import dev.pat.directory.model.AppUser;
import dev.pat.platform.Transaction;
import dev.pat.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * What the rest of the service must do when a user changes, inside the change's transaction. The
 * token capability implements it (a user's tokens follow the user), so the directory depends on
 * nothing above it.
 */
public interface UserChangeListener {

    /** The user's role changed: what its credentials may do changed with it. */
    Uni<Void> roleChanged(Transaction transaction, AppUser user);

    /** The user is about to be deleted by {@code actor}: whatever hangs from the user goes first. */
    Uni<Void> deleting(Transaction transaction, Caller actor, AppUser user);
}
