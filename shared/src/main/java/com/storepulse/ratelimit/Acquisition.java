package com.storepulse.ratelimit;

import com.storepulse.redis.PiggybackRead;
import com.storepulse.usage.UsageRecording;

/**
 * What taking a token did: the rate-limit decision, what happened to the request's usage count
 * (see {@link RateLimiter#acquireAndCount}) and, when the request carried a read along and was
 * allowed, what that read found ({@code readAlong}, else null).
 */
public record Acquisition(RateLimitDecision decision, UsageRecording usage, PiggybackRead.Outcome readAlong) {

    public Acquisition(RateLimitDecision decision, UsageRecording usage) {
        this(decision, usage, null);
    }
}
