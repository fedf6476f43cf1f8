package dev.pat.token.change;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Where token events go to be told to others (webhooks, e-mail), implemented by the notification
 * capability, so that the token capability does not depend on it.
 */
public interface TokenEventOutbox {

    /** Within the change's transaction: the event and its deliveries, committed with the change or not at all. */
    Uni<Void> write(TokenChange change);

    /**
     * Within the change's transaction: the events of many changes at once, each as {@link #write}
     * would write it; an implementation may write them set-based (a bulk revocation has thousands).
     */
    default Uni<Void> writeAll(List<TokenChange> changes) {
        Uni<Void> written = Uni.createFrom().voidItem();
        for (TokenChange change : changes) {
            written = written.call(() -> write(change));
        }
        return written;
    }

    /** After the commit: deliver now rather than at the next look. */
    void committed();
}
