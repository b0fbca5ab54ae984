package com.storepulse.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.Cache.CacheStatus;
import com.storepulse.observability.MetricNames;
import com.storepulse.redis.PiggybackRead;
import com.storepulse.redis.TestRedisSettings;
import com.storepulse.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache against a real, healthy Redis. Each test uses its own key prefix. */
class RedisCacheTest {

    record CustomerView(long id, String name, double ltv, List<String> segments) {}

    private static final Duration TTL = Duration.ofMinutes(5);

    private final RecordingMetrics metrics = new RecordingMetrics();
    private RedisCache cache;
    private RedisProbe probe;
    private CacheKeys keys;

    @BeforeEach
    void setUp() {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
        cache = new RedisCache(TestRedisSettings.healthy(TestRedis.url()).withKeyPrefix(prefix), metrics);
        keys = cache.keys();
        probe = new RedisProbe(TestRedis.url());
    }

    @AfterEach
    void tearDown() {
        cache.close();
        probe.close();
    }

    @Test
    void loadsOnAMissThenServesTheCachedValue() {
        AtomicInteger loads = new AtomicInteger();
        Supplier<CustomerView> loader = () -> {
            loads.incrementAndGet();
            return new CustomerView(42, "Ada", 1234.5, List.of("vip"));
        };
        String key = keys.storeSummary(7);

        CustomerView first = cache.getOrLoad(key, CustomerView.class, TTL, loader);
        CustomerView second = cache.getOrLoad(key, CustomerView.class, TTL, loader);

        assertEquals(first, second);
        assertEquals(1, loads.get());
        assertEquals(1, metrics.total(MetricNames.CACHE_MISS, "get"));
        assertEquals(1, metrics.total(MetricNames.CACHE_HIT, "get"));
        assertEquals(0, metrics.total(MetricNames.CACHE_ERROR));
        assertEquals(CacheStatus.UP, cache.status());
    }

    @Test
    void bytesAreLoadedOnAMissThenServedAsStoredAndAStoreChangeRemovesThem() {
        AtomicInteger loads = new AtomicInteger();
        Supplier<byte[]> loader = () -> ("{\"n\":" + loads.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
        String key = keys.storeArchetypes(9);

        byte[] first = cache.getOrLoadBytes(key, TTL, loader);
        byte[] second = cache.getOrLoadBytes(key, TTL, loader);

        assertEquals("{\"n\":1}", new String(second, StandardCharsets.UTF_8));
        assertEquals(new String(first, StandardCharsets.UTF_8), new String(second, StandardCharsets.UTF_8));
        assertEquals(1, loads.get());
        assertEquals(1, metrics.total(MetricNames.CACHE_MISS, "get"));
        assertEquals(1, metrics.total(MetricNames.CACHE_HIT, "get"));
        long ttl = probed().pttl(key);
        assertTrue(ttl > 0 && ttl <= TTL.toMillis(), "ttl " + ttl);

        cache.storeChanged(9);
        assertEquals("{\"n\":2}", new String(cache.getOrLoadBytes(key, TTL, loader), StandardCharsets.UTF_8));
    }

    @Test
    void storesJsonWithTheRequestedTtl() {
        String key = keys.storeSummary(3);
        cache.getOrLoad(key, CustomerView.class, Duration.ofSeconds(30), () -> new CustomerView(1, "B", 2, List.of()));

        assertEquals("{\"id\":1,\"name\":\"B\",\"ltv\":2.0,\"segments\":[]}", probed().get(key));
        long pttl = probed().pttl(key);
        assertTrue(pttl > 0 && pttl <= 30_000, "PTTL was " + pttl);
    }

    @Test
    void doesNotCacheANullResult() {
        String key = keys.storeArchetypes(404);
        AtomicInteger loads = new AtomicInteger();
        assertNull(cache.getOrLoad(key, CustomerView.class, TTL, () -> {
            loads.incrementAndGet();
            return null;
        }));
        assertNull(cache.getOrLoad(key, CustomerView.class, TTL, () -> {
            loads.incrementAndGet();
            return null;
        }));
        assertEquals(2, loads.get());
        assertEquals(0, probed().exists(key));
    }

    @Test
    void anEntryThatNoLongerDecodesIsAMissAndIsOverwritten() {
        String key = keys.storeArchetypes(43);
        probed().set(key, "[\"not\", \"a customer\"]");

        CustomerView loaded =
                cache.getOrLoad(key, CustomerView.class, TTL, () -> new CustomerView(43, "C", 3, List.of()));

        assertEquals(43, loaded.id());
        assertEquals(1, metrics.total(MetricNames.CACHE_ERROR, "decode"));
        assertTrue(probed().get(key).contains("\"id\":43"));
        assertEquals(CacheStatus.UP, cache.status(), "a bad entry is not a Redis failure");
    }

    @Test
    void loaderFailuresReachTheCaller() {
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> cache.getOrLoad(keys.storeSummary(1), CustomerView.class, TTL, () -> {
                    throw new IllegalStateException("database says no");
                }));
        assertEquals("database says no", thrown.getMessage());
        assertEquals(0, metrics.total(MetricNames.CACHE_ERROR));
    }

    @Test
    void aDetailIsLoadedOnceThenServedFromTheStoresHashWhichExpiresWithinTheTtl() {
        AtomicInteger loads = new AtomicInteger();
        Supplier<byte[]> loader = () -> {
            loads.incrementAndGet();
            return "{\"customerId\":\"C-1\"}".getBytes(StandardCharsets.UTF_8);
        };
        assertEquals(
                "{\"customerId\":\"C-1\"}",
                new String(cache.getOrLoadField(keys.customerDetails(7), "C-1", TTL, loader), StandardCharsets.UTF_8));
        assertEquals(
                "{\"customerId\":\"C-1\"}",
                new String(cache.getOrLoadField(keys.customerDetails(7), "C-1", TTL, loader), StandardCharsets.UTF_8));
        assertEquals(1, loads.get());
        long pttl = probed().pttl(keys.customerDetails(7));
        assertTrue(pttl > 0 && pttl <= TTL.toMillis(), "the hash expires within the TTL: " + pttl);
        cache.getOrLoadField(keys.customerDetails(7), "C-2", Duration.ofDays(1), loader);
        assertTrue(probed().pttl(keys.customerDetails(7)) <= pttl, "a later field does not extend the hash's life");
        assertEquals(
                null, cache.getOrLoadField(keys.customerDetails(7), "nobody", TTL, () -> null), "a null is not cached");
        assertFalse(probed().hexists(keys.customerDetails(7), "nobody"));
    }

    @Test
    void customerChangedRemovesTheCustomersDetailAndItsStoreAggregatesOnly() {
        fillDetails(7, "C-42", "C-43");
        fillDetails(8, "C-42");
        fill(keys.storeSummary(7), keys.storeArchetypes(7), keys.storeSummary(8));

        cache.customerChanged(7, "C-42");

        assertEquals(
                List.of(false, true, true),
                List.of(
                        probed().hexists(keys.customerDetails(7), "C-42"),
                        probed().hexists(keys.customerDetails(7), "C-43"),
                        probed().hexists(keys.customerDetails(8), "C-42")));
        assertEquals(
                List.of(false, false, true),
                exist(keys.storeSummary(7), keys.storeArchetypes(7), keys.storeSummary(8)));
        assertEquals(0, metrics.total(MetricNames.CACHE_ERROR));
    }

    @Test
    void storeChangedRemovesEveryDetailAndAggregateOfThatStoreOnly() {
        fillDetails(7, "C-42", "C-43");
        fillDetails(8, "C-42");
        fill(keys.storeSummary(7), keys.storeArchetypes(7), keys.storeArchetypes(8));

        cache.storeChanged(7);

        assertEquals(
                List.of(false, true, false, false, true),
                exist(
                        keys.customerDetails(7),
                        keys.customerDetails(8),
                        keys.storeSummary(7),
                        keys.storeArchetypes(7),
                        keys.storeArchetypes(8)));
    }

    /**
     * The race the store's epoch closes: a reader misses and loads the old row, the writer commits
     * and invalidates (nothing cached yet, so nothing to delete), then the reader would write the
     * old value back with a fresh TTL. The loaders below run the invalidation in that window.
     */
    @Test
    void aValueLoadedBeforeAnInvalidationIsNotWrittenBackAfterIt() {
        assertEquals("old", cache.getOrLoad(keys.storeSummary(7), String.class, TTL, () -> {
            cache.storeChanged(7);
            return "old";
        }));
        assertFalse(probed().exists(keys.storeSummary(7)) == 1, "the stale summary was not cached");
        assertEquals("new", cache.getOrLoad(keys.storeSummary(7), String.class, TTL, () -> "new"));
        assertEquals(
                "new",
                cache.getOrLoad(keys.storeSummary(7), String.class, TTL, () -> "never"),
                "an undisturbed load is cached");

        byte[] old = cache.getOrLoadField(keys.customerDetails(7), "C-1", TTL, () -> {
            cache.customerChanged(7, "C-1");
            return "old".getBytes(StandardCharsets.UTF_8);
        });
        assertEquals("old", new String(old, StandardCharsets.UTF_8));
        assertFalse(probed().hexists(keys.customerDetails(7), "C-1"), "the stale detail was not cached");
        assertEquals(
                "new",
                new String(
                        cache.getOrLoadField(
                                keys.customerDetails(7), "C-1", TTL, () -> "new".getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8));
        assertTrue(probed().hexists(keys.customerDetails(7), "C-1"));
    }

    /**
     * A miss's write is not waited for (write-behind) but goes out on the same connection before
     * the next read, so the next read sees it: also when Redis has forgotten its scripts, where an
     * EVALSHA-then-EVAL fallback would have been sent after that read.
     */
    @Test
    void theNextReadSeesAWriteBehindEvenAfterRedisForgotItsScripts() {
        probe.redis().scriptFlush();
        byte[] first =
                cache.getOrLoadField(keys.customerDetails(9), "C-1", TTL, () -> "a".getBytes(StandardCharsets.UTF_8));
        byte[] second = cache.getOrLoadField(
                keys.customerDetails(9), "C-1", TTL, () -> "never".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "a", new String(second, StandardCharsets.UTF_8), "a hit: " + new String(first, StandardCharsets.UTF_8));
        probe.redis().scriptFlush();
        assertEquals("s", cache.getOrLoad(keys.storeSummary(9), String.class, TTL, () -> "s"));
        assertEquals("s", cache.getOrLoad(keys.storeSummary(9), String.class, TTL, () -> "never"));
        assertEquals(0, metrics.total(MetricNames.CACHE_ERROR));
    }

    /**
     * A read another script did for the cache (the admission's read along): a hit is served from
     * it without a command of its own, a miss's write-back is guarded by the epoch it saw, and an
     * outcome for another field is not used.
     */
    @Test
    void aReadDoneByAnotherScriptIsServedOrGuardsTheWriteBack() {
        String hash = keys.customerDetails(6);
        PiggybackRead read = cache.fieldRead(hash, "C-1");
        assertEquals(keys.storeEpoch(6), read.epochKey());
        byte[] fromOutcome = cache.getOrLoadField(
                hash,
                "C-1",
                TTL,
                () -> "never".getBytes(StandardCharsets.UTF_8),
                new PiggybackRead.Outcome(read, true, "served".getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                "served",
                new String(fromOutcome, StandardCharsets.UTF_8),
                "Redis has no such field: the outcome was served");
        assertEquals(1, metrics.total(MetricNames.CACHE_HIT, "get"));

        // a miss seen before the store changed: its load is returned but not written back
        PiggybackRead.Outcome staleMiss = new PiggybackRead.Outcome(read, false, new byte[0]);
        cache.storeChanged(6);
        assertEquals(
                "old",
                new String(
                        cache.getOrLoadField(hash, "C-1", TTL, () -> "old".getBytes(StandardCharsets.UTF_8), staleMiss),
                        StandardCharsets.UTF_8));
        assertFalse(probed().hexists(hash, "C-1"), "a load that raced an invalidation is not cached");

        PiggybackRead.Outcome currentMiss = new PiggybackRead.Outcome(
                read, false, probed().get(keys.storeEpoch(6)).getBytes(StandardCharsets.UTF_8));
        cache.getOrLoadField(hash, "C-1", TTL, () -> "new".getBytes(StandardCharsets.UTF_8), currentMiss);
        assertEquals("new", probed().hget(hash, "C-1"));

        byte[] other = cache.getOrLoadField(
                hash,
                "C-2",
                TTL,
                () -> "two".getBytes(StandardCharsets.UTF_8),
                new PiggybackRead.Outcome(read, true, "C-1's".getBytes(StandardCharsets.UTF_8)));
        assertEquals("two", new String(other, StandardCharsets.UTF_8), "an outcome for another field is not used");
        assertEquals(null, cache.fieldRead("not-a-store-key", "x"), "only a store's keys can be read along");
    }

    /**
     * A store aggregate read along by another script: a hit is served from the outcome, a miss
     * seen before a store change is not written back, a current one is, and an outcome of a
     * hash's field is not taken for the key's.
     */
    @Test
    void aKeyReadDoneByAnotherScriptIsServedOrGuardsTheWriteBack() {
        String key = keys.storeArchetypes(6);
        PiggybackRead read = cache.keyRead(key);
        assertEquals(keys.storeEpoch(6), read.epochKey());
        byte[] served = cache.getOrLoadBytes(
                key, TTL, () -> bytes("never"), new PiggybackRead.Outcome(read, true, bytes("served")));
        assertEquals("served", new String(served, StandardCharsets.UTF_8));
        assertEquals(1, metrics.total(MetricNames.CACHE_HIT, "get"));

        PiggybackRead.Outcome staleMiss = new PiggybackRead.Outcome(read, false, new byte[0]);
        cache.storeChanged(6);
        assertEquals(
                "old",
                new String(cache.getOrLoadBytes(key, TTL, () -> bytes("old"), staleMiss), StandardCharsets.UTF_8));
        assertEquals(0, probed().exists(key), "a load that raced an invalidation is not cached");

        PiggybackRead.Outcome currentMiss =
                new PiggybackRead.Outcome(read, false, bytes(probed().get(keys.storeEpoch(6))));
        cache.getOrLoadBytes(key, TTL, () -> bytes("new"), currentMiss);
        assertEquals("new", probed().get(key));
        long pttl = probed().pttl(key);
        assertTrue(pttl > 0 && pttl <= TTL.toMillis(), "PTTL was " + pttl);

        PiggybackRead.Outcome ofAField =
                new PiggybackRead.Outcome(new PiggybackRead(key, read.epochKey(), "f"), true, bytes("field's"));
        assertEquals(
                "new",
                new String(cache.getOrLoadBytes(key, TTL, () -> bytes("never"), ofAField), StandardCharsets.UTF_8),
                "not this read's outcome: the cache reads for itself");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Many keys in one read: the hits are served, only the misses reach the loader (in one call),
     * and what it loaded is cached for the next read; a store change then misses that store alone.
     */
    @Test
    void manyKeysAreReadTogetherAndOnlyTheMissesAreLoadedInOneCall() {
        List<String> counts = List.of(
                keys.storeAggregate(1, CacheKeys.StoreAggregate.CUSTOMER_COUNTS),
                keys.storeAggregate(2, CacheKeys.StoreAggregate.CUSTOMER_COUNTS),
                keys.storeAggregate(3, CacheKeys.StoreAggregate.CUSTOMER_COUNTS));
        cache.getOrLoad(counts.get(1), CustomerView.class, TTL, () -> new CustomerView(2, "cached", 2, List.of()));
        List<java.util.Set<String>> loaderCalls = new java.util.ArrayList<>();
        java.util.function.Function<java.util.Set<String>, java.util.Map<String, CustomerView>> loader = missed -> {
            loaderCalls.add(missed);
            java.util.Map<String, CustomerView> loaded = new java.util.HashMap<>();
            missed.forEach(k -> loaded.put(k, new CustomerView(counts.indexOf(k) + 1, "loaded", 1, List.of())));
            return loaded;
        };

        java.util.Map<String, CustomerView> first = cache.getOrLoadAll(counts, CustomerView.class, TTL, loader);

        assertEquals(List.of(java.util.Set.of(counts.get(0), counts.get(2))), loaderCalls, "one call, the misses");
        assertEquals("cached", first.get(counts.get(1)).name());
        assertEquals(new CustomerView(3, "loaded", 1, List.of()), first.get(counts.get(2)));
        assertTrue(probed().get(counts.get(0)).contains("\"id\":1"), "a loaded value is written back");
        long pttl = probed().pttl(counts.get(2));
        assertTrue(pttl > 0 && pttl <= TTL.toMillis(), "PTTL was " + pttl);

        loaderCalls.clear();
        assertEquals(first, cache.getOrLoadAll(counts, CustomerView.class, TTL, loader));
        assertEquals(List.of(), loaderCalls, "every key hit");

        cache.storeChanged(3);
        cache.getOrLoadAll(counts, CustomerView.class, TTL, loader);
        assertEquals(List.of(java.util.Set.of(counts.get(2))), loaderCalls, "only the changed store missed");
        assertEquals(
                1 + 2 + 0 + 1,
                metrics.total(MetricNames.CACHE_MISS, "get"),
                "the single read, then each batch's misses");
        assertEquals(0, metrics.total(MetricNames.CACHE_ERROR));
    }

    /** A batch's write-backs are guarded by the epochs its read saw, as a single key's is. */
    @Test
    void aBatchLoadedBeforeAnInvalidationIsNotWrittenBackForThatStore() {
        String four = keys.storeAggregate(4, CacheKeys.StoreAggregate.CUSTOMER_COUNTS);
        String five = keys.storeAggregate(5, CacheKeys.StoreAggregate.CUSTOMER_COUNTS);
        java.util.Map<String, String> loaded = cache.getOrLoadAll(List.of(four, five), String.class, TTL, missed -> {
            cache.storeChanged(4);
            return java.util.Map.of(four, "old four", five, "five");
        });
        assertEquals(java.util.Map.of(four, "old four", five, "five"), loaded);
        assertEquals(0, probed().exists(four), "the store that changed during the load is not cached");
        assertEquals("\"five\"", probed().get(five));
        assertEquals(java.util.Map.of(), cache.getOrLoadAll(List.of(), String.class, TTL, missed -> {
            throw new AssertionError("nothing to load");
        }));
    }

    @Test
    void anotherStoresInvalidationDoesNotStopALoadFromBeingCached() {
        cache.getOrLoadField(keys.customerDetails(7), "C-1", TTL, () -> {
            cache.storeChanged(8);
            return "seven".getBytes(StandardCharsets.UTF_8);
        });
        assertTrue(probed().hexists(keys.customerDetails(7), "C-1"));
    }

    @Test
    void onlyAStoresKeysHaveAnEpoch() {
        assertEquals(keys.prefix() + "store:12:epoch", keys.epochFor(keys.storeSummary(12)));
        assertEquals(keys.prefix() + "store:12:epoch", keys.epochFor(keys.customerDetails(12)));
        assertNull(keys.epochFor("other:12:summary"));
        assertNull(keys.epochFor(keys.prefix() + "store:x:summary"));
        assertNull(keys.epochFor(keys.prefix() + "store::summary"));
    }

    @Test
    void rejectsANonPositiveTtl() {
        assertThrows(
                IllegalArgumentException.class,
                () -> cache.getOrLoad(keys.storeSummary(1), String.class, Duration.ZERO, () -> "x"));
        assertThrows(
                IllegalArgumentException.class,
                () -> cache.getOrLoadField(keys.customerDetails(1), "C-1", Duration.ZERO, () -> new byte[] {'1'}));
    }

    /** The probe's view once this cache's write-behinds have landed (they are not awaited by the reads). */
    private io.lettuce.core.api.sync.RedisCommands<String, String> probed() {
        cache.awaitWrites();
        return probe.redis();
    }

    private void fillDetails(long storeId, String... customers) {
        for (String customer : customers) {
            cache.getOrLoadField(
                    keys.customerDetails(storeId), customer, TTL, () -> customer.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void fill(String... keysToFill) {
        for (String key : keysToFill) {
            cache.getOrLoad(key, String.class, TTL, () -> "value of " + key);
        }
    }

    private List<Boolean> exist(String... keysToCheck) {
        return java.util.Arrays.stream(keysToCheck)
                .map(k -> probed().exists(k) == 1)
                .toList();
    }
}
