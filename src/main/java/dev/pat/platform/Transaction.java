package dev.pat.platform;

import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * One write transaction as its work sees it: where the steps that must follow its commit are
 * registered. They run once it has committed, in the order given, and never for a rollback or a
 * failed commit (see {@link Transactions#write}).
 */
public final class Transaction {

    private final List<Runnable> afterCommit = new ArrayList<>();

    Transaction() {
    }

    /** Runs the step once this transaction has committed. */
    public void afterCommit(Runnable step) {
        afterCommit.add(step);
    }

    void committed() {
        for (Runnable step : afterCommit) {
            try {
                step.run();
            } catch (RuntimeException e) {
                // The change is committed and answered; a failing follow-up must not turn it into an error.
                Log.errorf(e, "A step after a commit failed");
            }
        }
    }
}
