package com.storepulse.usage;

/** Where an admitted request's usage count went. */
public enum UsageRecording {
    /** Added to the pending usage hash in Redis, in the same script that took the rate-limit token. */
    COUNTED,
    /** Nothing counted it (no Redis, or Redis was not tried): the meter writes it to PostgreSQL. */
    NOT_COUNTED,
    /**
     * The Redis command was sent but its reply never came: it may have run. Not counted again
     * (that could bill the request twice); the {@code UsageUncertain} metric shows how often.
     */
    UNCERTAIN
}
