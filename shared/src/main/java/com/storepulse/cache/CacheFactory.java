package com.storepulse.cache;

import com.storepulse.config.Settings;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.RedisSettings;

/** Picks the cache from the settings: Redis when {@code REDIS_URL} is set, otherwise none. */
public final class CacheFactory {

    private CacheFactory() {}

    public static ManagedCache create(Settings settings, MetricsRecorder metrics) {
        return create(RedisSettings.from(settings), metrics);
    }

    public static ManagedCache create(RedisSettings settings, MetricsRecorder metrics) {
        CacheKeys keys = new CacheKeys(settings.keyPrefix());
        if (settings.redisUrl().isEmpty()) {
            return new NoCache(keys);
        }
        return new RedisCache(settings, metrics);
    }
}
