package com.storepulse.bench.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.auth.Caller;
import com.storepulse.auth.Scopes;
import com.storepulse.cache.CacheSettings;
import com.storepulse.cache.RedisCache;
import com.storepulse.customerapi.QuerySettings;
import com.storepulse.customerapi.customers.CustomerRoutes;
import com.storepulse.customerapi.paging.CursorCodec;
import com.storepulse.customerapi.stores.StoreRoutes;
import com.storepulse.customers.CustomerRepository;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.http.Router;
import com.storepulse.json.Json;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.stores.StoreRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * In-process latency of the customer API's query routes on the large data set: the real route
 * code (router, parameter parsing, cursor signing, repositories, Redis cache, JSON) called with
 * prepared API Gateway events, one caller at a time, after a warm-up. See bench/README.md.
 *
 * <pre>
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/storepulse_large REDIS_URL=redis://127.0.0.1:6379 \
 *   java -cp ... com.storepulse.bench.api.CustomerApiBench [storeId]
 * </pre>
 * Prints one line per scenario: p50, p99 and max in milliseconds, plus the pgbench variables
 * (-D ...) that reproduce each scenario's bare SQL.
 */
public final class CustomerApiBench {

    private static final int WARMUP = 1_000;
    private static final int ITERATIONS = 3_000;

    private final Router router = new Router();
    private final Database database;
    private final RedisCache cache;
    private final long storeId;

    private CustomerApiBench(Database database, RedisCache cache, long storeId, long tenantId, Map<Long, Long> owners) {
        this.database = database;
        this.cache = cache;
        this.storeId = storeId;
        CustomerRepository customers = new CustomerRepository(database.jdbi());
        StoreRepository stores = new StoreRepository(database.jdbi(), customers.archetypes());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        QuerySettings settings = new QuerySettings(Duration.ofMinutes(5), Duration.ofMinutes(5));
        BenchGuard guard = new BenchGuard(new Caller(1, tenantId, "bench", Scopes.ALL, null, 6000, 1000, false), owners);
        new StoreRoutes(guard, stores, cache, settings).register(router);
        new CustomerRoutes(guard, customers, cache, new CursorCodec(() -> key), settings).register(router);
    }

    public static void main(String[] args) {
        String url = env("DATABASE_URL", "postgres://root@127.0.0.1:5432/storepulse_large");
        String redis = env("REDIS_URL", "redis://127.0.0.1:6379");
        try (Database database = new Database(DatabaseSettings.parse(url, 2, Duration.ofSeconds(10), Duration.ofSeconds(30)));
             RedisCache cache = new RedisCache(CacheSettings.forUrl(redis).withKeyPrefix("sp-bench:")
                     .withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(1)), MetricsRecorder.NOOP)) {
            Map<Long, Long> owners = new HashMap<>();
            database.jdbi().useHandle(h -> h.createQuery("SELECT store_id, tenant_id FROM store")
                    .map((rs, ctx) -> owners.put(rs.getLong(1), rs.getLong(2))).list());
            long storeId = args.length > 0 ? Long.parseLong(args[0]) : database.jdbi().withHandle(h -> h.createQuery("""
                    SELECT store_id FROM customer_score GROUP BY store_id ORDER BY abs(count(*) - 10000), store_id LIMIT 1""")
                    .mapTo(Long.class).one());
            long customers = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM customer_score WHERE store_id = :s").bind("s", storeId).mapTo(Long.class).one());
            System.out.printf("store %d: %d scored customers; %d warm-up + %d timed calls per scenario%n",
                    storeId, customers, WARMUP, ITERATIONS);
            new CustomerApiBench(database, cache, storeId, owners.get(storeId), owners).run();
        }
    }

    private void run() {
        String store = String.valueOf(storeId);
        List<String> externalIds = database.jdbi().withHandle(h -> h.createQuery("""
                        SELECT external_id FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL
                        ORDER BY hashint8(customer_id) LIMIT 2000""")
                .bind("s", storeId).mapTo(String.class).list());
        Map<String, Long> internal = new HashMap<>();
        database.jdbi().useHandle(h -> h.createQuery(
                        "SELECT external_id, customer_id FROM dim_customer WHERE store_id = :s AND external_id = ANY(:ids)")
                .bind("s", storeId).bind("ids", externalIds.toArray(String[]::new))
                .map((rs, ctx) -> internal.put(rs.getString(1), rs.getLong(2))).list());

        IntFunction<APIGatewayProxyRequestEvent> detail = i -> event("/v1/stores/{storeId}/customers/{customerId}",
                Map.of("storeId", store, "customerId", externalIds.get(i % externalIds.size())), Map.of());
        measure("detail, cache miss", detail, i -> {
            String id = externalIds.get(i % externalIds.size());
            cache.invalidate(cache.keys().customer(storeId, internal.get(id)));
        });
        measure("detail, cache hit", detail, i -> { });

        APIGatewayProxyRequestEvent firstPage = event("/v1/stores/{storeId}/customers", Map.of("storeId", store), Map.of());
        measure("first page (50 by -ltv)", i -> firstPage, i -> { });

        Map<String, List<String>> deepQuery = Map.of("limit", List.of("50"));
        String cursor = walk(store, deepQuery, 100);
        APIGatewayProxyRequestEvent deepPage = event("/v1/stores/{storeId}/customers", Map.of("storeId", store),
                Map.of("limit", List.of("50"), "cursor", List.of(cursor)));
        System.out.println("  deep page cursor payload: " + payload(cursor));
        measure("page at row 5,000 (101st page of 50)", i -> deepPage, i -> { });

        APIGatewayProxyRequestEvent filtered = event("/v1/stores/{storeId}/customers", Map.of("storeId", store),
                Map.of("segment", List.of("repeat_buyer"), "minChurnRisk", List.of("0.5")));
        measure("filtered page (segment=repeat_buyer, minChurnRisk=0.5)", i -> filtered, i -> { });
        APIGatewayProxyRequestEvent selective = event("/v1/stores/{storeId}/customers", Map.of("storeId", store),
                Map.of("segment", List.of("vip"), "minChurnRisk", List.of("0.5")));
        measure("filtered page (segment=vip, minChurnRisk=0.5)", i -> selective, i -> { });

        APIGatewayProxyRequestEvent archetypes = event("/v1/stores/{storeId}/archetypes", Map.of("storeId", store), Map.of());
        measure("archetypes, cache miss", i -> archetypes, i -> cache.storeChanged(storeId));
        measure("archetypes, cache hit", i -> archetypes, i -> { });
        APIGatewayProxyRequestEvent summary = event("/v1/stores/{storeId}/summary", Map.of("storeId", store), Map.of());
        measure("summary, cache miss", i -> summary, i -> cache.storeChanged(storeId));
        measure("summary, cache hit", i -> summary, i -> { });

        System.out.printf("pgbench -D variables: store=%d external_id=%s%n", storeId, externalIds.get(0));
    }

    /** Follows nextCursor {@code pages} times and returns the cursor of the page after them. */
    private String walk(String store, Map<String, List<String>> query, int pages) {
        String cursor = null;
        for (int p = 0; p < pages; p++) {
            Map<String, List<String>> q = new LinkedHashMap<>(query);
            if (cursor != null) {
                q.put("cursor", List.of(cursor));
            }
            cursor = body(call(event("/v1/stores/{storeId}/customers", Map.of("storeId", store), q))).get("nextCursor").asText();
        }
        return cursor;
    }

    private static String payload(String cursor) {
        return new String(java.util.Base64.getUrlDecoder().decode(cursor.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
    }

    private interface Step {
        void before(int i);
    }

    private void measure(String name, IntFunction<APIGatewayProxyRequestEvent> events, Step before) {
        for (int i = 0; i < WARMUP; i++) {
            before.before(i);
            check(call(events.apply(i)), name);
        }
        long[] nanos = new long[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            before.before(i);
            APIGatewayProxyRequestEvent event = events.apply(i);
            long start = System.nanoTime();
            APIGatewayProxyResponseEvent response = call(event);
            nanos[i] = System.nanoTime() - start;
            check(response, name);
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-58s p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms%n", name,
                nanos[ITERATIONS / 2] / 1e6, nanos[(int) (ITERATIONS * 0.99) - 1] / 1e6, nanos[ITERATIONS - 1] / 1e6);
    }

    private APIGatewayProxyResponseEvent call(APIGatewayProxyRequestEvent event) {
        return router.route(event);
    }

    private static void check(APIGatewayProxyResponseEvent response, String name) {
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(name + ": " + response.getStatusCode() + " " + response.getBody());
        }
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) {
        try {
            return Json.mapper().readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static APIGatewayProxyRequestEvent event(String resource, Map<String, String> path, Map<String, List<String>> query) {
        String actual = resource;
        for (Map.Entry<String, String> p : path.entrySet()) {
            actual = actual.replace("{" + p.getKey() + "}", p.getValue());
        }
        Map<String, String> single = new HashMap<>();
        query.forEach((k, v) -> single.put(k, v.get(v.size() - 1)));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET").withResource(resource).withPath(actual)
                .withPathParameters(path)
                .withQueryStringParameters(single.isEmpty() ? null : single)
                .withMultiValueQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query))
                .withHeaders(Map.of("x-api-key", "sp_live_bench"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

}
