package com.storepulse.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheSettings;
import com.storepulse.cache.MutableClock;
import com.storepulse.cache.RecordingMetrics;
import com.storepulse.cache.TestCacheSettings;
import com.storepulse.devservers.DevServers;
import com.storepulse.devservers.DevServers.EmbeddedRedis;
import com.storepulse.observability.MetricNames;
import com.storepulse.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Token buckets in a real Redis, and the per-instance fallback when Redis is stopped. */
class RedisRateLimiterTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    // A key prefix per test instance: runs never share buckets.
    private final CacheSettings settings = TestCacheSettings.healthy(TestRedis.url())
            .withKeyPrefix("rl-" + UUID.randomUUID().toString().substring(0, 8) + ":");

    @Test
    void theBurstIsServedThenRefusedWithRetryAfterThenRefilled() {
        RateLimitPolicy policy = new RateLimitPolicy(60, 3); // one token a second
        try (RedisRateLimiter limiter = new RedisRateLimiter(settings, metrics, clock)) {
            for (int remaining = 2; remaining >= 0; remaining--) {
                RateLimitDecision ok = limiter.acquire(1, policy);
                assertTrue(ok.allowed());
                assertEquals(remaining, ok.remaining());
                assertFalse(ok.local());
            }
            RateLimitDecision refused = limiter.acquire(1, policy);
            assertFalse(refused.allowed());
            assertEquals("1", refused.refusalHeaders().get("Retry-After"));
            assertEquals("3", refused.headers().get("RateLimit-Limit"));
            assertEquals("0", refused.headers().get("RateLimit-Remaining"));
            assertEquals("3", refused.headers().get("RateLimit-Reset"), "3 tokens at 1/s");

            clock.advance(Duration.ofMillis(999));
            assertFalse(limiter.acquire(1, policy).allowed(), "not yet a whole token");
            clock.advance(Duration.ofMillis(1));
            assertTrue(limiter.acquire(1, policy).allowed());
            assertTrue(limiter.acquire(2, policy).allowed(), "another key has its own bucket");
            assertEquals(0, metrics.total(MetricNames.RATE_LIMIT_FALLBACK));
        }
    }

    @Test
    void instancesShareOneBucketPerKey() {
        RateLimitPolicy policy = new RateLimitPolicy(1, 4);
        try (RedisRateLimiter a = new RedisRateLimiter(settings, metrics, clock);
             RedisRateLimiter b = new RedisRateLimiter(settings, metrics, clock)) {
            assertTrue(a.acquire(7, policy).allowed());
            assertTrue(b.acquire(7, policy).allowed());
            assertTrue(a.acquire(7, policy).allowed());
            assertTrue(b.acquire(7, policy).allowed());
            assertFalse(a.acquire(7, policy).allowed());
            assertFalse(b.acquire(7, policy).allowed());
        }
    }

    @Test
    void theLuaScriptAndTheInProcessBucketAgree() {
        Random random = new Random(42);
        RateLimitPolicy policy = new RateLimitPolicy(90, 5);
        LocalRateLimiter local = new LocalRateLimiter(clock);
        List<String> fromRedis = new ArrayList<>();
        List<String> fromLocal = new ArrayList<>();
        try (RedisRateLimiter redis = new RedisRateLimiter(settings, metrics, clock)) {
            for (int i = 0; i < 300; i++) {
                clock.advance(Duration.ofMillis(random.nextInt(1500)));
                fromRedis.add(comparable(redis.acquire(3, policy)));
                fromLocal.add(comparable(local.acquire(3, policy)));
            }
        }
        assertEquals(fromLocal, fromRedis);
        assertTrue(fromLocal.stream().anyMatch(d -> d.startsWith("false")), "the sequence exercised refusals");
    }

    @Test
    void aStoppedRedisFallsBackToAPerInstanceBucketThatStillLimits() {
        RateLimitPolicy policy = new RateLimitPolicy(60, 2);
        EmbeddedRedis server = DevServers.startRedis();
        try (RedisRateLimiter limiter = new RedisRateLimiter(
                TestCacheSettings.healthy(server.url()).withKeyPrefix(settings.keyPrefix()), metrics, clock)) {
            assertTrue(limiter.acquire(1, policy).allowed());
            server.stop();

            List<RateLimitDecision> whileDown = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> List.of(limiter.acquire(1, policy), limiter.acquire(1, policy), limiter.acquire(1, policy)));
            assertTrue(whileDown.get(0).allowed());
            assertTrue(whileDown.get(1).allowed());
            assertFalse(whileDown.get(2).allowed(), "the fallback bucket has its own burst of 2");
            assertTrue(whileDown.stream().allMatch(RateLimitDecision::local));
            assertEquals(3, metrics.total(MetricNames.RATE_LIMIT_FALLBACK));
            assertEquals(1, metrics.total(MetricNames.CACHE_ERROR), "one failure, then the back-off window skips Redis");

            server.start();
            clock.advance(CacheSettings.forUrl(server.url()).backoff());
            RateLimitDecision back = limiter.acquire(1, policy);
            assertFalse(back.local(), "Redis is used again after the back-off window");
            assertTrue(back.allowed(), "the Redis bucket refilled meanwhile");
        } finally {
            server.stop();
        }
    }

    private static String comparable(RateLimitDecision d) {
        return d.allowed() + "/" + d.remaining() + "/" + d.retryAfterMillis() + "/" + d.resetMillis();
    }
}
