package com.storepulse.ratelimit;

import com.storepulse.redis.PiggybackRead;
import com.storepulse.usage.UsageRecording;

/**
 * A rate-limit decision, what happened to the request's usage count (see
 * {@link RateLimiter#acquireAndCount}) and, when the admission carried a cache read and was
 * allowed, what that read found ({@code readAlong}, else null).
 */
public record Admission(RateLimitDecision decision, UsageRecording usage, PiggybackRead.Outcome readAlong) {

    public Admission(RateLimitDecision decision, UsageRecording usage) {
        this(decision, usage, null);
    }
}
