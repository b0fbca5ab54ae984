package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheKeys;
import com.storepulse.cache.RedisProbe;
import com.storepulse.webhooks.TestSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A webhook that changes a customer invalidates what the customer API cached for them in a real
 * Redis, before the sender's 200: the customer's detail (a field of the store's hash) and the
 * store's aggregates (summary, archetypes, the counts of GET /v1/stores) are gone and the store's
 * epoch has moved, so the next read shows the change and a read that was in flight does not write
 * its older answer back (docs/api.md, "Caching"). Through the local stack's HTTP front door, the
 * intake wired as deployed (rescoring with the current fit, then invalidation).
 */
class WebhookCacheInvalidationTest {

    private static WebhookStack stack;
    private static RedisProbe redis;
    private static CacheKeys keys;
    private static long storeId;

    @BeforeAll
    static void start() {
        stack = new WebhookStack("sp_webhook_cache");
        redis = new RedisProbe(stack.redisUrl);
        keys = new CacheKeys(stack.cachePrefix);
        storeId = stack.stack
                .database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT store_id FROM webhook_source WHERE source_id = 'demo'")
                        .mapTo(Long.class)
                        .one());
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static WebhookStack.Answer deliver(String id, String body) throws Exception {
        long ts = Instant.now().getEpochSecond();
        Map<String, String> headers = new HashMap<>(TestSigner.standardHeaders(
                TestSigner.standardV1(stack.stack.demoWebhookSecret(), id, ts, body), id, ts));
        headers.remove("content-type");
        WebhookStack.Answer answer = stack.call("POST", "/v1/webhooks/demo", headers, body);
        assertEquals(200, answer.status(), answer.raw());
        assertEquals("applied", answer.json().path("status").asText(), answer.raw());
        return answer;
    }

    private static String customer(String type, String id, String email, String updatedAt) {
        return "{\"type\":\"" + type + "\",\"timestamp\":\"" + updatedAt + "\",\"data\":{\"id\":\"" + id
                + "\",\"email\":\"" + email + "\",\"updatedAt\":\"" + updatedAt + "\"}}";
    }

    /** Waits up to 10 s for {@code condition}: a cache miss writes its entry behind the response. */
    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean detailCached(String customerId) {
        return redis.redis().hexists(keys.customerDetails(storeId), customerId);
    }

    private static long epoch() {
        String value = redis.redis().get(keys.storeEpoch(storeId));
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The aggregate keys of the store that are in Redis now. */
    private static Set<String> cachedAggregates() {
        Set<String> present = new HashSet<>();
        for (String key : keys.storeAggregates(storeId)) {
            if (redis.redis().exists(key) > 0) {
                present.add(key);
            }
        }
        return present;
    }

    /** Fills the cache with the customer's detail and every store aggregate, through the customer API. */
    private static void readThroughTheApi(String customerId, String expectedEmail) throws Exception {
        WebhookStack.Answer detail = stack.api("/v1/stores/" + storeId + "/customers/" + customerId);
        assertEquals(200, detail.status(), detail.raw());
        assertEquals(expectedEmail, detail.json().at("/profile/email").asText(), detail.raw());
        for (String path :
                List.of("/v1/stores/" + storeId + "/summary", "/v1/stores/" + storeId + "/archetypes", "/v1/stores")) {
            WebhookStack.Answer read = stack.api(path);
            assertEquals(200, read.status(), path + ": " + read.raw());
        }
        eventually(() -> detailCached(customerId), "the detail of " + customerId + " cached in Redis");
        eventually(
                () -> cachedAggregates().equals(Set.copyOf(keys.storeAggregates(storeId))),
                "every aggregate of store " + storeId + " cached in Redis");
    }

    @Test
    void aWebhookChangeDropsTheCustomersCachedDetailAndTheStoresAggregatesInRedis() throws Exception {
        deliver("cache-1", customer("customer.created", "cache-c1", "before@example.com", "2026-05-01T10:00:00Z"));
        readThroughTheApi("cache-c1", "before@example.com");
        WebhookStack.Answer cachedAgain = stack.api("/v1/stores/" + storeId + "/customers/cache-c1");
        assertEquals(
                "before@example.com", cachedAgain.json().at("/profile/email").asText());
        long epochBefore = epoch();

        deliver("cache-2", customer("customer.updated", "cache-c1", "after@example.com", "2026-05-01T11:00:00Z"));

        // Checked as soon as the sender has its 200: no waiting.
        assertFalse(detailCached("cache-c1"), "the customer's cached detail is still in Redis after the webhook");
        assertEquals(Set.of(), cachedAggregates(), "the store's aggregates are still in Redis after the webhook");
        assertTrue(epoch() > epochBefore, "the store's epoch did not move (" + epochBefore + ")");
        WebhookStack.Answer after = stack.api("/v1/stores/" + storeId + "/customers/cache-c1");
        assertEquals("after@example.com", after.json().at("/profile/email").asText(), after.raw());

        // A delete: the cached detail goes at once, so the customer is a 404 at the next read.
        readThroughTheApi("cache-c1", "after@example.com");
        deliver(
                "cache-3",
                "{\"type\":\"customer.deleted\",\"timestamp\":\"2026-05-01T12:00:00Z\","
                        + "\"data\":{\"id\":\"cache-c1\",\"deletedAt\":\"2026-05-01T12:00:00Z\"}}");
        assertFalse(detailCached("cache-c1"), "the deleted customer's cached detail is still in Redis");
        WebhookStack.Answer gone = stack.api("/v1/stores/" + storeId + "/customers/cache-c1");
        assertEquals(404, gone.status(), gone.raw());
    }

    /**
     * Customer list pages are read live, never cached (docs/api.md, "Caching"): the only keys of a
     * store in Redis are the details hash, the aggregates and the epoch, which the invalidation
     * above covers. A page cache added later fails this test until its invalidation is thought of.
     */
    @Test
    void aStoreHasNoCachedKeyThatAWebhookDoesNotInvalidate() throws Exception {
        deliver("pages-1", customer("customer.created", "pages-c1", "p@example.com", "2026-05-01T10:00:00Z"));
        readThroughTheApi("pages-c1", "p@example.com");
        WebhookStack.Answer page = stack.api("/v1/stores/" + storeId + "/customers?limit=5");
        assertEquals(200, page.status(), page.raw());
        assertEquals(
                200,
                stack.api("/v1/stores/" + storeId + "/customers?limit=5&sort=-churnRisk")
                        .status());

        Set<String> known = new HashSet<>(keys.storeAggregates(storeId));
        known.add(keys.customerDetails(storeId));
        known.add(keys.storeEpoch(storeId));
        Set<String> present = new HashSet<>(redis.redis().keys(stack.cachePrefix + "store:" + storeId + ":*"));
        present.removeAll(known);
        assertEquals(Set.of(), present, "keys of the store that no webhook invalidates");
    }
}
