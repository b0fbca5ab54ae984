package com.storepulse.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A tiny circuit breaker: after a failure, Redis is not tried again until {@code window} has
 * passed, so a dead Redis costs one timeout per window instead of one per request. The first
 * call after the window is the probe; if it fails the window starts again.
 */
final class Backoff {

    private final InstantSource clock;
    private final Duration window;
    private volatile Instant closedUntil;

    Backoff(InstantSource clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    boolean allowsAttempt() {
        Instant until = closedUntil;
        return until == null || !clock.instant().isBefore(until);
    }

    void recordFailure() {
        closedUntil = clock.instant().plus(window);
    }

    void reset() {
        closedUntil = null;
    }
}
