package com.storepulse.ratelimit;

/**
 * The outcome of taking one token: whether the request may go on, the bucket size
 * ({@code limit}), whole requests left ({@code remaining}), milliseconds until one request is
 * available ({@code retryAfterMillis}, 0 when allowed) and until the bucket is full again
 * ({@code resetMillis}). The HTTP edge sends it as headers (com.storepulse.http.RateLimitHeaders).
 *
 * @param local true when Redis was unavailable and the per-instance bucket decided
 */
public record RateLimitDecision(
        boolean allowed, int limit, int remaining, long retryAfterMillis, long resetMillis, boolean local) {

    /** A bucket nobody has taken from yet. */
    public static RateLimitDecision full(RateLimitPolicy policy) {
        return new RateLimitDecision(true, policy.burst(), policy.burst(), 0, 0, false);
    }
}
