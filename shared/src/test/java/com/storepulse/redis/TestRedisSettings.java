package com.storepulse.redis;

import java.time.Duration;

/**
 * Redis settings for tests on a healthy Redis. The production default (50 ms) is kept where a
 * test is about timeouts; elsewhere a generous timeout keeps a busy CI machine (a GC pause, a
 * neighbour's build) from turning a healthy Redis into a counted error.
 */
public final class TestRedisSettings {

    private TestRedisSettings() {}

    public static RedisSettings healthy(String url) {
        Duration generous = Duration.ofSeconds(1);
        return RedisSettings.forUrl(url).withTimeouts(generous, generous);
    }
}
