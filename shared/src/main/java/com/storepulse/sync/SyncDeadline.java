package com.storepulse.sync;

/**
 * How long a run may still work. Checked between batches: when too little is left for another
 * batch the run commits what it has and stops with {@link SyncOutcome.Status#STOPPED_FOR_TIME}.
 * The azure-sync function passes Lambda's {@code getRemainingTimeInMillis()} minus a margin.
 */
@FunctionalInterface
public interface SyncDeadline {

    /** Milliseconds left; zero or less means stop now. */
    long remainingMillis();

    /** No deadline (tests, the local stack, the benchmark). */
    SyncDeadline NONE = () -> Long.MAX_VALUE;
}
