package com.storepulse.testing;

import com.storepulse.devservers.DevServers;

/** A real Redis for tests: {@code REDIS_URL} if set, else an embedded one (one per JVM). */
public final class TestRedis {

    private TestRedis() {}

    public static String url() {
        return DevServers.redisUrl(true).orElseThrow();
    }
}
