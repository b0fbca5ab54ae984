package com.storepulse.ratelimit;

/** Takes one request from an API key's bucket. Never fails a request for its own sake. */
public interface RateLimiter {

    RateLimitDecision acquire(long apiKeyId, RateLimitPolicy policy);
}
