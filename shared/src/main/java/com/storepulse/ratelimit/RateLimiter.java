package com.storepulse.ratelimit;

import com.storepulse.redis.PiggybackRead;
import com.storepulse.usage.UsageEntry;
import com.storepulse.usage.UsageRecording;

/** Takes one request from an API key's bucket. Never fails a request for its own sake. */
public interface RateLimiter {

    RateLimitDecision acquire(long apiKeyId, RateLimitPolicy policy);

    /**
     * Takes a token and, if one was taken, counts {@code usage} where the limiter can do it in the
     * same atomic step (Redis). The answer says whether it did: {@link UsageRecording#NOT_COUNTED}
     * leaves the count to the caller.
     */
    default Acquisition acquireAndCount(long apiKeyId, RateLimitPolicy policy, UsageEntry usage) {
        return new Acquisition(acquire(apiKeyId, policy), UsageRecording.NOT_COUNTED);
    }

    /**
     * The same, and if the request is admitted, {@code readAlong} (may be null) is read in the same
     * step where the limiter can (Redis: the same script, so no round trip of its own); the
     * admission's {@code readAlong()} is then its outcome, otherwise null and the caller reads.
     */
    default Acquisition acquireAndCount(
            long apiKeyId, RateLimitPolicy policy, UsageEntry usage, PiggybackRead readAlong) {
        return acquireAndCount(apiKeyId, policy, usage);
    }
}
