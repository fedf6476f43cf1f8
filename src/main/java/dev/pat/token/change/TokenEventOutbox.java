package dev.pat.token.change;

import io.smallrye.mutiny.Uni;

/**
 * Where token events go to be told to others (webhooks, e-mail), implemented by the notification
 * capability, so that the token capability does not depend on it.
 */
public interface TokenEventOutbox {

    /** Within the change's transaction: the event and its deliveries, committed with the change or not at all. */
    Uni<Void> write(TokenChange change);

    /** After the commit: deliver now rather than at the next look. */
    void committed();
}
