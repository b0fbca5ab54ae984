package com.storepulse.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.Cache.CacheStatus;
import com.storepulse.devservers.DevServers;
import com.storepulse.devservers.DevServers.EmbeddedRedis;
import com.storepulse.observability.MetricNames;
import com.storepulse.redis.RedisSettings;
import com.storepulse.redis.TestRedisSettings;
import com.storepulse.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis going away, hanging and coming back, with real servers. The back-off window is moved
 * past with a hand-driven clock; the only waits are the cache's own tens-of-milliseconds
 * timeouts. {@code assertTimeoutPreemptively} guards (generously) against a hang, it is not a
 * latency assertion.
 */
class RedisDegradationTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    @Test
    void aStoppedRedisFallsBackToTheLoaderThenRecoversWhenItReturns() {
        EmbeddedRedis server = DevServers.startRedis();
        try (RedisCache cache = new RedisCache(TestRedisSettings.healthy(server.url()), metrics, clock)) {
            String key = cache.keys().storeSummary(1);
            assertEquals("v1", cache.getOrLoad(key, String.class, TTL, () -> load("v1")));
            assertEquals("v1", cache.getOrLoad(key, String.class, TTL, () -> load("never")));
            assertEquals(1, loads.get());

            server.stop();

            String whileDown = assertTimeoutPreemptively(
                    HANG_GUARD, () -> cache.getOrLoad(key, String.class, TTL, () -> load("from-db")));
            assertEquals("from-db", whileDown, "the request still succeeds, from the loader");
            assertEquals(1, metrics.total(MetricNames.CACHE_ERROR));
            assertEquals(CacheStatus.DOWN, cache.status());

            // Inside the back-off window Redis is not even tried: no new error, a bypass instead.
            assertEquals("from-db", cache.getOrLoad(key, String.class, TTL, () -> load("from-db")));
            assertEquals(1, metrics.total(MetricNames.CACHE_ERROR));
            assertEquals(1, metrics.total(MetricNames.CACHE_MISS, "bypass"));
            assertEquals(3, loads.get());

            server.start();
            assertEquals(CacheStatus.DOWN, cache.status(), "still inside the back-off window");
            clock.advance(RedisSettings.DEFAULT_BACKOFF);

            assertEquals(CacheStatus.UP, cache.status());
            assertEquals("v2", cache.getOrLoad(key, String.class, TTL, () -> load("v2")));
            assertEquals("v2", cache.getOrLoad(key, String.class, TTL, () -> load("never")));
            assertEquals(4, loads.get());
            assertEquals(2, metrics.total(MetricNames.CACHE_HIT, "get"));
        } finally {
            server.stop();
        }
    }

    @Test
    void invalidationWhileRedisIsDownIsSwallowedAndCounted() {
        EmbeddedRedis server = DevServers.startRedis();
        try (RedisCache cache = new RedisCache(TestRedisSettings.healthy(server.url()), metrics, clock)) {
            server.stop();
            assertTimeoutPreemptively(HANG_GUARD, () -> cache.customerChanged(1, "C-2"));
            cache.storeChanged(1);
            assertEquals(2, metrics.total(MetricNames.CACHE_ERROR, "delete"));
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersCostsOnlyTheTimeout() throws IOException {
        // The kernel completes the TCP handshake from the listen backlog; nothing ever replies.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RedisCache cache = new RedisCache(
                        RedisSettings.forUrl("redis://127.0.0.1:" + silent.getLocalPort()), metrics, clock)) {
            String key = cache.keys().storeSummary(1);

            String value = assertTimeoutPreemptively(
                    HANG_GUARD, () -> cache.getOrLoad(key, String.class, TTL, () -> load("from-db")));

            assertEquals("from-db", value);
            assertEquals(1, metrics.total(MetricNames.CACHE_ERROR, "connect"));
            assertEquals(CacheStatus.DOWN, cache.status());
            assertFalse(cache.isConnected());
        }
    }

    @Test
    void aRedisThatStopsAnsweringMidConnectionCostsOnlyTheCommandTimeout() {
        EmbeddedRedis server = DevServers.startRedis();
        try (RedisProbe probe = new RedisProbe(server.url());
                // 150 ms: still far below the pause, with headroom for the recovery half on a busy machine.
                RedisCache cache = new RedisCache(
                        RedisSettings.forUrl(server.url()).withTimeouts(Duration.ofMillis(150), Duration.ofMillis(150)),
                        metrics,
                        clock)) {
            String key = cache.keys().storeSummary(1);
            assertEquals(CacheStatus.UP, cache.status());
            assertTrue(cache.isConnected());

            // CLIENT PAUSE holds every client's commands for a while: an open connection that hangs.
            probe.redis().clientPause(1_000);
            String value = assertTimeoutPreemptively(
                    HANG_GUARD, () -> cache.getOrLoad(key, String.class, TTL, () -> load("from-db")));
            assertEquals("from-db", value);
            assertEquals(1, metrics.total(MetricNames.CACHE_ERROR, "get"));
            assertFalse(cache.isConnected(), "a connection with a command stuck in it is dropped");

            // The probe's own PING is held too: when it returns, the pause is over.
            assertEquals("PONG", probe.redis().ping());
            clock.advance(RedisSettings.DEFAULT_BACKOFF);
            assertEquals("v2", cache.getOrLoad(key, String.class, TTL, () -> load("v2")));
            assertEquals("v2", cache.getOrLoad(key, String.class, TTL, () -> load("never")));
            assertEquals(1, metrics.total(MetricNames.CACHE_HIT, "get"));
        } finally {
            server.stop();
        }
    }

    @Test
    void suspendClosesTheConnectionAndTheNextCallReopensIt() {
        EmbeddedRedis server = DevServers.startRedis();
        try (RedisProbe probe = new RedisProbe(server.url());
                RedisCache cache = new RedisCache(TestRedisSettings.healthy(server.url()), metrics, clock)) {
            String key = cache.keys().storeSummary(1);
            cache.getOrLoad(key, String.class, TTL, () -> load("v"));
            assertEquals(1, probe.cacheConnections());

            cache.suspend();
            assertFalse(cache.isConnected());
            assertEquals(0, Eventually.poll(probe::cacheConnections, n -> n == 0));

            cache.resume();
            assertEquals("v", cache.getOrLoad(key, String.class, TTL, () -> load("never")));
            assertEquals(1, probe.cacheConnections());
            assertEquals(0, metrics.total(MetricNames.CACHE_ERROR));
        } finally {
            server.stop();
        }
    }
}
