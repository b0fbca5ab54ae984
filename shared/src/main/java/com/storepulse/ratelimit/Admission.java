package com.storepulse.ratelimit;

import com.storepulse.usage.UsageRecording;

/** A rate-limit decision and what happened to the request's usage count (see {@link RateLimiter#acquireAndCount}). */
public record Admission(RateLimitDecision decision, UsageRecording usage) {
}
