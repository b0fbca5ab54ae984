package com.storepulse.ratelimit;

import com.storepulse.cache.InProcessCache;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Buckets in this function instance's memory: used when no Redis is configured, and by
 * {@link RedisRateLimiter} while Redis is unreachable. Each instance then enforces the key's
 * limit on its own, so N warm instances together admit up to N times the limit; that is the
 * accepted price of not failing requests when Redis is down.
 */
public final class LocalRateLimiter implements RateLimiter {

    /** An idle bucket forgotten after this long is recreated full: at most one extra burst. */
    static final Duration IDLE_BUCKET_TTL = Duration.ofHours(1);

    static final int MAX_BUCKETS = 10_000;

    private final InstantSource clock;
    private final InProcessCache<Long, TokenBucket> buckets;

    public LocalRateLimiter(InstantSource clock) {
        this.clock = clock;
        this.buckets = new InProcessCache<>(IDLE_BUCKET_TTL, MAX_BUCKETS, clock);
    }

    @Override
    public RateLimitDecision acquire(long apiKeyId, RateLimitPolicy policy) {
        return buckets.get(apiKeyId, id -> new TokenBucket()).take(policy, clock.millis());
    }
}
