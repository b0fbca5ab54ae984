package com.storepulse.ratelimit;

/**
 * One in-process token bucket. The same arithmetic as {@code token_bucket.lua} (which runs it
 * atomically inside Redis); keep the two in step.
 */
final class TokenBucket {

    private double tokens = Double.NaN;
    private long updatedAtMillis;

    synchronized RateLimitDecision take(RateLimitPolicy policy, long nowMillis) {
        if (Double.isNaN(tokens)) {
            tokens = policy.burst();
            updatedAtMillis = nowMillis;
        }
        if (nowMillis > updatedAtMillis) {
            tokens += (nowMillis - updatedAtMillis) * policy.perMinute() / 60_000d;
            updatedAtMillis = nowMillis;
        }
        tokens = Math.min(policy.burst(), tokens);
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        long retryAfter = allowed ? 0 : policy.millisToRefill(1 - tokens);
        return new RateLimitDecision(
                allowed,
                policy.burst(),
                (int) Math.floor(tokens),
                retryAfter,
                policy.millisToRefill(policy.burst() - tokens),
                true);
    }
}
