package com.storepulse.azuresync;

import com.storepulse.sync.SyncOutcome;

/**
 * A sync run that failed, thrown out of the handler so the invocation fails: SQS makes the message
 * visible again after its visibility timeout, and after the queue's maxReceiveCount moves it to the
 * dead-letter queue. The message is the recorded failure (never a password).
 */
public final class SourceSyncFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SyncOutcome outcome;

    public SourceSyncFailedException(SyncOutcome outcome) {
        super("sync of source " + outcome.sourceId() + " failed (run " + outcome.runId() + "): "
                + outcome.failure().orElse("no reason recorded"));
        this.outcome = outcome;
    }

    public SyncOutcome outcome() {
        return outcome;
    }
}
