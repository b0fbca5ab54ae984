package com.storepulse.usage;

import com.storepulse.errors.DomainException;

/**
 * A flush that did not get through every sealed batch (Redis or PostgreSQL failed): what is left
 * stays in Redis for the next flush, and nothing is added twice. The scheduled flush throws it
 * so that its invocation fails visibly.
 */
public final class UsageFlushIncompleteException extends DomainException {

    public UsageFlushIncompleteException(long requestsAdded) {
        super("the usage flush did not complete (" + requestsAdded
                + " requests moved); the rest stays in Redis for the next run");
    }
}
