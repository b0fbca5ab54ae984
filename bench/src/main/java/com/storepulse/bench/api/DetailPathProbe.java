package com.storepulse.bench.api;

import com.storepulse.cache.RedisCache;
import com.storepulse.customers.CustomerDetail;
import com.storepulse.customers.CustomerRepository;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.json.Json;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.ratelimit.RateLimitPolicy;
import com.storepulse.ratelimit.RedisRateLimiter;
import com.storepulse.redis.RedisSettings;
import com.storepulse.usage.UsageMeter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Latency of each step a customer detail request can take, alone, on the large data set: what
 * the guard and the route cost apart from the handler around them (bench/README.md, "Customer API").
 * <pre>
 *   java -cp ... com.storepulse.bench.api.DetailPathProbe storeId    (storepulse_large, Redis on localhost)
 * </pre>
 */
public final class DetailPathProbe {
    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/storepulse_large");
        long store = Long.parseLong(args[0]);
        try (Database db =
                        new Database(DatabaseSettings.parse(url, 2, Duration.ofSeconds(10), Duration.ofSeconds(30)));
                RedisCache cache = new RedisCache(
                        RedisSettings.forUrl("redis://127.0.0.1:6379").withKeyPrefix("sp-probe:"),
                        MetricsRecorder.NOOP);
                RedisRateLimiter limiter = new RedisRateLimiter(
                        RedisSettings.forUrl("redis://127.0.0.1:6379").withKeyPrefix("sp-probe:"),
                        MetricsRecorder.NOOP,
                        InstantSource.system())) {
            List<String> ext = db.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT external_id FROM dim_customer WHERE store_id=:s AND deleted_at IS NULL ORDER BY hashint8(customer_id) LIMIT 2000")
                            .bind("s", store)
                            .mapTo(String.class)
                            .list());
            CustomerRepository repo = new CustomerRepository(db.jdbi());
            UsageMeter usage = new UsageMeter(db.jdbi(), InstantSource.system());
            Long key = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT min(api_key_id) FROM api_key")
                            .mapTo(Long.class)
                            .one());
            RateLimitPolicy policy = new RateLimitPolicy(1_000_000_000, 1_000_000_000);
            CustomerDetail d = repo.detail(store, ext.get(0), 10).orElseThrow();
            if (key != null) { // the old design's per-request usage write (needs an api_key row)
                run("usage upsert (txn, sync commit off)", i -> usage.record(key, "GET probe"));
                db.jdbi().useHandle(h -> h.execute("DELETE FROM api_key_usage_daily WHERE route = 'GET probe'"));
            }
            run("rate limit EVALSHA", i -> limiter.acquire(key == null ? 0 : key, policy));
            run("detail query (1 statement)", i -> repo.detail(store, ext.get(i % ext.size()), 10));
            byte[] body = Json.writeBytes(d);
            run(
                    "cache hit GET+decode (old detail cache)",
                    i -> cache.getOrLoad("sp-probe:x", CustomerDetail.class, Duration.ofMinutes(5), () -> d));
            run(
                    "cache hit HGET (detail hash, bytes)",
                    i -> cache.getOrLoadField(cache.keys().customerDetails(0), "x", Duration.ofMinutes(5), () -> body));
            // A miss as the detail route takes it: HGET (miss), the detail statement, JSON, the hash-put script.
            run(
                    "cache miss: HGET + detail SQL + encode + HSET",
                    i -> cache.customerChanged(store, ext.get(i % ext.size())),
                    i -> cache.getOrLoadField(
                            cache.keys().customerDetails(store),
                            ext.get(i % ext.size()),
                            Duration.ofMinutes(5),
                            () -> repo.detail(store, ext.get(i % ext.size()), 10)
                                    .map(Json::writeBytes)
                                    .orElse(null)));
            run("json encode detail", i -> {
                try {
                    Json.mapper().writeValueAsString(d);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            run(
                    "SELECT 1",
                    i -> db.jdbi()
                            .withHandle(h -> h.createQuery("SELECT 1")
                                    .mapTo(Integer.class)
                                    .one()));
        }
    }

    static void run(String name, IntConsumer op) {
        run(name, i -> {}, op);
    }

    /** Times {@code op} alone; {@code before} runs ahead of each call, untimed. */
    static void run(String name, IntConsumer before, IntConsumer op) {
        for (int i = 0; i < 2000; i++) {
            before.accept(i);
            op.accept(i);
        }
        int n = 5000;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            before.accept(i);
            long s = System.nanoTime();
            op.accept(i);
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        System.err.printf(
                Locale.ROOT,
                "%-40s p50 %6.3f  p90 %6.3f  p99 %6.3f  max %6.3f ms%n",
                name,
                t[n / 2] / 1e6,
                t[n * 9 / 10] / 1e6,
                t[n * 99 / 100] / 1e6,
                t[n - 1] / 1e6);
    }
}
