package com.storepulse.ratelimit;

import com.storepulse.errors.DomainException;

/** The caller's bucket is empty: the request was refused, {@code decision} says for how long. */
public class RateLimitedException extends DomainException {

    private final RateLimitDecision decision;

    public RateLimitedException(RateLimitDecision decision) {
        super("Rate limit exceeded; retry after " + decision.retryAfterMillis() + " ms.");
        this.decision = decision;
    }

    public RateLimitDecision decision() {
        return decision;
    }
}
