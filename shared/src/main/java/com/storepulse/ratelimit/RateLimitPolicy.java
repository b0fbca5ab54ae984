package com.storepulse.ratelimit;

/**
 * A token bucket: it holds at most {@code burst} requests and refills at {@code perMinute}
 * requests a minute. A key that has been quiet can send {@code burst} requests at once, then
 * {@code perMinute} a minute.
 */
public record RateLimitPolicy(int perMinute, int burst) {

    public RateLimitPolicy {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("perMinute and burst must be at least 1");
        }
    }

    /** Milliseconds to refill {@code tokens} tokens. */
    long millisToRefill(double tokens) {
        return (long) Math.ceil(tokens * 60_000d / perMinute);
    }
}
