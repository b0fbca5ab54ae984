package com.storepulse.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.Cache.CacheStatus;
import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.redis.RedisSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CacheFactoryTest {

    @Test
    void withoutRedisUrlTheCacheIsDisabledAndAlwaysLoads() {
        ManagedCache cache = CacheFactory.create(Settings.of(Map.of()), MetricsRecorder.NOOP);

        assertInstanceOf(NoCache.class, cache);
        assertEquals(CacheStatus.DISABLED, cache.status());
        AtomicInteger loads = new AtomicInteger();
        cache.getOrLoad("k", Integer.class, Duration.ofMinutes(1), loads::incrementAndGet);
        cache.getOrLoad("k", Integer.class, Duration.ofMinutes(1), loads::incrementAndGet);
        assertEquals(2, loads.get());
        assertEquals("sp:store:1:summary", cache.keys().storeSummary(1));
    }

    @Test
    void withRedisUrlItIsRedisWithTheConfiguredPrefix() {
        try (ManagedCache cache = CacheFactory.create(
                Settings.of(Map.of("REDIS_URL", "redis://127.0.0.1:1", "CACHE_KEY_PREFIX", "other:")),
                MetricsRecorder.NOOP)) {
            assertInstanceOf(RedisCache.class, cache);
            assertEquals("other:store:1:summary", cache.keys().storeSummary(1));
        }
    }

    @Test
    void commandsWaitTensOfMillisecondsAndAConnectLonger() {
        RedisSettings settings = RedisSettings.from(Settings.of(Map.of("REDIS_URL", "redis://h:6379")));
        assertEquals(Duration.ofMillis(50), settings.commandTimeout());
        assertEquals(
                Duration.ofMillis(500), settings.connectTimeout(), "a cold JVM's first connect needs more than 50 ms");
        assertEquals(Duration.ofSeconds(2), settings.backoff());
        assertEquals("sp:", settings.keyPrefix());
    }

    @Test
    void readsMillisecondsAndIsoDurations() {
        RedisSettings settings = RedisSettings.from(Settings.of(
                Map.of("CACHE_TIMEOUT", "20", "CACHE_CONNECT_TIMEOUT", "PT0.08S", "CACHE_BACKOFF", "PT5S")));
        assertEquals(Duration.ofMillis(20), settings.commandTimeout());
        assertEquals(Duration.ofMillis(80), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(5), settings.backoff());
        assertTrue(settings.redisUrl().isEmpty());
    }

    @Test
    void rejectsTimeoutsThatWouldMakeTheCacheSlowerThanTheDatabase() {
        ConfigurationException tooLong = assertThrows(
                ConfigurationException.class, () -> RedisSettings.from(Settings.of(Map.of("CACHE_TIMEOUT", "PT5S"))));
        assertTrue(tooLong.getMessage().contains("CACHE_TIMEOUT"), tooLong.getMessage());
        assertThrows(
                ConfigurationException.class,
                () -> RedisSettings.from(Settings.of(Map.of("CACHE_CONNECT_TIMEOUT", "0"))));
        assertThrows(
                ConfigurationException.class, () -> RedisSettings.from(Settings.of(Map.of("CACHE_TIMEOUT", "soon"))));
        assertThrows(
                ConfigurationException.class, () -> RedisSettings.from(Settings.of(Map.of("CACHE_KEY_PREFIX", "a b"))));
    }

    @Test
    void toStringNeverShowsTheRedisPassword() {
        RedisSettings settings = RedisSettings.forUrl("redis://:s3cret@cache.internal:6379");
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
    }
}
