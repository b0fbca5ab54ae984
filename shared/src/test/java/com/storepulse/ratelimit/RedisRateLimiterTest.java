package com.storepulse.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.RecordingMetrics;
import com.storepulse.cache.RedisCache;
import com.storepulse.cache.RedisProbe;
import com.storepulse.devservers.DevServers;
import com.storepulse.devservers.DevServers.EmbeddedRedis;
import com.storepulse.http.RateLimitHeaders;
import com.storepulse.observability.MetricNames;
import com.storepulse.redis.PiggybackRead;
import com.storepulse.redis.RedisSettings;
import com.storepulse.redis.TestRedisSettings;
import com.storepulse.testing.MutableClock;
import com.storepulse.testing.TestRedis;
import com.storepulse.usage.UsageEntry;
import com.storepulse.usage.UsageKeys;
import com.storepulse.usage.UsageRecording;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
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
    private final RedisSettings settings = TestRedisSettings.healthy(TestRedis.url())
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
            assertEquals("1", RateLimitHeaders.refusal(refused).get("Retry-After"));
            assertEquals("3", RateLimitHeaders.of(refused).get("RateLimit-Limit"));
            assertEquals("0", RateLimitHeaders.of(refused).get("RateLimit-Remaining"));
            assertEquals("3", RateLimitHeaders.of(refused).get("RateLimit-Reset"), "3 tokens at 1/s");

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

    /**
     * The customer detail's cache read rides on the admission script: an admitted request gets the
     * field (hit) or the store's epoch (miss, to guard the write-back) in the same reply, counted
     * once; a refused request reads nothing and is not counted.
     */
    @Test
    void anAdmittedRequestReadsTheCachedFieldInTheSameScriptAndARefusedOneReadsNothing() {
        RateLimitPolicy policy = new RateLimitPolicy(60, 2);
        UsageEntry usage =
                new UsageEntry(1, LocalDate.of(2026, 11, 26), "GET /v1/stores/{storeId}/customers/{customerId}");
        try (RedisRateLimiter limiter = new RedisRateLimiter(settings, metrics, clock);
                RedisCache cache = new RedisCache(settings, metrics, clock);
                RedisProbe probe = new RedisProbe(TestRedis.url())) {
            String hash = cache.keys().customerDetails(5);
            PiggybackRead read = cache.fieldRead(hash, "C-1");

            Acquisition miss = limiter.acquireAndCount(1, policy, usage, read);
            assertTrue(miss.decision().allowed());
            assertEquals(UsageRecording.COUNTED, miss.usage());
            assertFalse(miss.readAlong().hit());
            assertEquals("", text(miss.readAlong().valueOrEpoch()), "a miss, and the store has no epoch yet");

            cache.storeChanged(5); // the epoch a later miss's write-back must carry
            probe.redis().hset(hash, "C-1", "{\"customerId\":\"C-1\"}");
            Acquisition hit = limiter.acquireAndCount(1, policy, usage, read);
            assertTrue(hit.readAlong().hit());
            assertEquals("{\"customerId\":\"C-1\"}", text(hit.readAlong().valueOrEpoch()));
            assertTrue(hit.readAlong().answers(hash, "C-1"));
            Acquisition otherMiss = limiter.acquireAndCount(2, policy, usage, cache.fieldRead(hash, "C-2"));
            assertEquals(
                    probe.redis().get(cache.keys().storeEpoch(5)),
                    text(otherMiss.readAlong().valueOrEpoch()));

            Acquisition refused = limiter.acquireAndCount(1, policy, usage, read);
            assertFalse(refused.decision().allowed());
            assertNull(refused.readAlong(), "a refused request reads nothing");
            assertEquals(UsageRecording.NOT_COUNTED, refused.usage());
            assertEquals(
                    "3",
                    probe.redis().hget(new UsageKeys(settings.keyPrefix()).pending(), usage.field()),
                    "three admitted requests (keys 1 and 2 share the entry's field), each counted once");
            assertEquals(0, metrics.total(MetricNames.RATE_LIMIT_FALLBACK));
        }
    }

    /**
     * A store aggregate's read rides on the admission script too (a string key, GET): a hit gives
     * the value, a miss the store's epoch, and a key of the wrong type gives no outcome while the
     * admission and its count stand.
     */
    @Test
    void anAdmittedRequestReadsACachedKeyInTheSameScript() {
        RateLimitPolicy policy = new RateLimitPolicy(60, 5);
        UsageEntry usage = new UsageEntry(4, LocalDate.of(2026, 11, 26), "GET /v1/stores/{storeId}/archetypes");
        try (RedisRateLimiter limiter = new RedisRateLimiter(settings, metrics, clock);
                RedisCache cache = new RedisCache(settings, metrics, clock);
                RedisProbe probe = new RedisProbe(TestRedis.url())) {
            String key = cache.keys().storeArchetypes(8);
            PiggybackRead read = cache.keyRead(key);
            assertNull(read.field());
            assertNull(cache.keyRead("not-a-store-key"), "only a store's keys can be read along");

            cache.storeChanged(8);
            Acquisition miss = limiter.acquireAndCount(4, policy, usage, read);
            assertFalse(miss.readAlong().hit());
            assertEquals(
                    probe.redis().get(cache.keys().storeEpoch(8)),
                    text(miss.readAlong().valueOrEpoch()));

            probe.redis().set(key, "{\"archetypes\":[]}");
            Acquisition hit = limiter.acquireAndCount(4, policy, usage, read);
            assertTrue(hit.readAlong().hit());
            assertEquals("{\"archetypes\":[]}", text(hit.readAlong().valueOrEpoch()));
            assertTrue(hit.readAlong().answers(key, null));
            assertFalse(hit.readAlong().answers(key, "a-field"));

            probe.redis().del(key);
            probe.redis().hset(key, "not", "a string");
            Acquisition wrongType = limiter.acquireAndCount(4, policy, usage, read);
            assertTrue(wrongType.decision().allowed());
            assertEquals(UsageRecording.COUNTED, wrongType.usage());
            assertNull(wrongType.readAlong(), "the failed read is left out");
            assertEquals("3", probe.redis().hget(new UsageKeys(settings.keyPrefix()).pending(), usage.field()));
            assertEquals(0, metrics.total(MetricNames.RATE_LIMIT_FALLBACK));
        }
    }

    /**
     * A read along that fails (the detail key holds a string) must not fail the script after its
     * usage count: the caller would take the error for "not counted" and count it again elsewhere.
     */
    @Test
    void aFailingReadAlongLeavesTheAdmissionAndItsSingleCountIntact() {
        RateLimitPolicy policy = new RateLimitPolicy(60, 5);
        UsageEntry usage =
                new UsageEntry(3, LocalDate.of(2026, 11, 26), "GET /v1/stores/{storeId}/customers/{customerId}");
        try (RedisRateLimiter limiter = new RedisRateLimiter(settings, metrics, clock);
                RedisCache cache = new RedisCache(settings, metrics, clock);
                RedisProbe probe = new RedisProbe(TestRedis.url())) {
            String hash = cache.keys().customerDetails(6);
            probe.redis().set(hash, "not a hash");
            Acquisition admission = limiter.acquireAndCount(3, policy, usage, cache.fieldRead(hash, "C-1"));
            assertTrue(admission.decision().allowed());
            assertFalse(admission.decision().local(), "Redis decided: the script did not fail");
            assertEquals(UsageRecording.COUNTED, admission.usage());
            assertNull(admission.readAlong(), "the failed read is left out; the cache reads (and fails) on its own");
            assertEquals("1", probe.redis().hget(new UsageKeys(settings.keyPrefix()).pending(), usage.field()));

            probe.redis().del(hash);
            probe.redis().hset(cache.keys().storeEpoch(6), "not", "a string");
            Acquisition epochWrong = limiter.acquireAndCount(3, policy, usage, cache.fieldRead(hash, "C-1"));
            assertEquals(UsageRecording.COUNTED, epochWrong.usage());
            assertNull(epochWrong.readAlong(), "a miss whose epoch cannot be read gives no outcome");
            assertEquals("2", probe.redis().hget(new UsageKeys(settings.keyPrefix()).pending(), usage.field()));
            assertEquals(0, metrics.total(MetricNames.RATE_LIMIT_FALLBACK));
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aStoppedRedisFallsBackToAPerInstanceBucketThatStillLimits() {
        RateLimitPolicy policy = new RateLimitPolicy(60, 2);
        EmbeddedRedis server = DevServers.startRedis();
        try (RedisRateLimiter limiter = new RedisRateLimiter(
                TestRedisSettings.healthy(server.url()).withKeyPrefix(settings.keyPrefix()), metrics, clock)) {
            assertTrue(limiter.acquire(1, policy).allowed());
            server.stop();

            List<RateLimitDecision> whileDown = assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () -> List.of(limiter.acquire(1, policy), limiter.acquire(1, policy), limiter.acquire(1, policy)));
            assertTrue(whileDown.get(0).allowed());
            assertTrue(whileDown.get(1).allowed());
            assertFalse(whileDown.get(2).allowed(), "the fallback bucket has its own burst of 2");
            assertTrue(whileDown.stream().allMatch(RateLimitDecision::local));
            assertEquals(3, metrics.total(MetricNames.RATE_LIMIT_FALLBACK));
            assertEquals(
                    1, metrics.total(MetricNames.CACHE_ERROR), "one failure, then the back-off window skips Redis");

            server.start();
            clock.advance(RedisSettings.forUrl(server.url()).backoff());
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
