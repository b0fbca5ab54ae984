package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME;
import static com.storepulse.customerapi.QueryFixture.ACME_MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.ManagedCache;
import com.storepulse.cache.RedisCache;
import com.storepulse.customerapi.RealApi.Reply;
import com.storepulse.devservers.DevServers;
import com.storepulse.devservers.DevServers.EmbeddedRedis;
import com.storepulse.testing.TestDatabase;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A customer detail's cache read, and a store aggregate's, rides on the admission's rate-limit
 * script (one Redis round trip for a hit), through the real handler, admission, PostgreSQL and Redis. The proof that a hit needs
 * nothing more: with the cache's own connection closed, a hit answers and leaves it closed,
 * where a read of its own would have reopened it.
 */
class DetailReadAlongTest {

    private static RealApi api;
    private static String customer;

    @BeforeAll
    static void start() {
        api = new RealApi();
        customer = TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT external_id FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL ORDER BY external_id LIMIT 1")
                        .bind("s", ACME_MAIN)
                        .mapTo(String.class)
                        .one());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static RedisCache cache() {
        return (RedisCache) api.handler.getApplicationContext().getBean(ManagedCache.class);
    }

    private static String newKey() {
        return newKey(api);
    }

    private static String newKey(RealApi api) {
        return api.issueKey(ACME, "[\"customers:read\",\"usage:read\"]", null, 600, 100);
    }

    private static long detailRequestsToday(String key) {
        return detailRequestsToday(api, key);
    }

    private static long detailRequestsToday(RealApi api, String key) {
        LocalDate today = api.usageMeter().today();
        Reply usage = api.send(RealApi.proxyEvent("GET", "/v1/usage", key, null)
                .withQueryStringParameters(Map.of("from", today.toString(), "to", today.toString()))
                .withMultiValueQueryStringParameters(
                        Map.of("from", List.of(today.toString()), "to", List.of(today.toString()))));
        assertEquals(200, usage.status(), String.valueOf(usage.body()));
        long count = 0;
        for (var item : usage.body().path("items")) {
            if (item.path("route").asText().equals("GET /v1/stores/{storeId}/customers/{customerId}")) {
                count += item.path("requests").asLong();
            }
        }
        return count;
    }

    @Test
    void aHitIsAnsweredByTheAdmissionsRoundTripAlone() {
        String key = newKey();
        String path = "/v1/stores/" + ACME_MAIN + "/customers/" + customer;
        Reply miss = api.get(path, key);
        assertEquals(200, miss.status(), String.valueOf(miss.body()));
        assertEquals(customer, miss.body().path("customerId").asText());

        cache().suspend(); // waits for the miss's write-behind, then closes the cache's connection
        assertFalse(cache().isConnected());

        Reply hit = api.get(path, key);
        assertEquals(200, hit.status(), String.valueOf(hit.body()));
        assertEquals(miss.body(), hit.body(), "the cached body");
        assertFalse(cache().isConnected(), "the hit did not need the cache's own connection");
        assertTrue(hit.headers().containsKey("RateLimit-Remaining"), "the admission ran");
        assertEquals(2, detailRequestsToday(key), "both requests metered once each");
    }

    /**
     * A store aggregate (archetypes, summary) is read along the same way: after a miss, a hit
     * answers with the cache's own connection closed and left closed; a storeChanged then makes
     * the next request miss and load the rows again.
     */
    @Test
    void aStoreAggregateHitIsAnsweredByTheAdmissionsRoundTripAlone() {
        String key = api.issueKey(ACME, "[\"stores:read\"]", null, 600, 100);
        for (String aggregate : List.of("archetypes", "summary")) {
            String path = "/v1/stores/" + ACME_MAIN + "/" + aggregate;
            Reply miss = api.get(path, key);
            assertEquals(200, miss.status(), String.valueOf(miss.body()));

            cache().suspend();
            assertFalse(cache().isConnected());
            Reply hit = api.get(path, key);
            assertEquals(200, hit.status(), String.valueOf(hit.body()));
            assertEquals(miss.body(), hit.body(), aggregate + ": the cached body");
            assertFalse(cache().isConnected(), aggregate + ": the hit did not need the cache's own connection");

            cache().storeChanged(ACME_MAIN);
            Reply afterChange = api.get(path, key);
            assertEquals(200, afterChange.status(), String.valueOf(afterChange.body()));
            assertTrue(cache().isConnected(), aggregate + ": a miss writes back on the cache's connection");
        }
    }

    /**
     * Redis stops: the admission falls back to the per-instance bucket (no read along), the cache
     * read is skipped, the detail comes from PostgreSQL, and each request is metered once, straight
     * into the table.
     */
    @Test
    void withRedisDownADetailIsServedFromTheDatabaseAndMeteredOnce() {
        EmbeddedRedis redis = DevServers.startRedis();
        try (RealApi withOwnRedis = new RealApi(Map.of("REDIS_URL", redis.url()))) {
            String key = newKey(withOwnRedis);
            String path = "/v1/stores/" + ACME_MAIN + "/customers/" + customer;
            redis.stop();
            Reply first = withOwnRedis.get(path, key);
            Reply second = withOwnRedis.get(path, key);
            assertEquals(200, first.status(), String.valueOf(first.body()));
            assertEquals(200, second.status(), String.valueOf(second.body()));
            assertEquals(customer, second.body().path("customerId").asText());
            assertEquals(first.body(), second.body());
            assertEquals(2, detailRequestsToday(withOwnRedis, key), "each request counted once, in PostgreSQL");
        } finally {
            redis.stop();
        }
    }

    @Test
    void aMalformedCustomerIdIsStillA400AfterAdmission() {
        String key = newKey();
        Reply tooLong = api.get("/v1/stores/" + ACME_MAIN + "/customers/" + "x".repeat(129), key);
        assertEquals(400, tooLong.status(), String.valueOf(tooLong.body()));
        assertEquals(1, detailRequestsToday(key), "admitted, so metered, as before the read along");
        assertEquals(
                "customerId",
                tooLong.body().path("errors").path(0).path("field").asText(),
                String.valueOf(tooLong.body()));
    }
}
