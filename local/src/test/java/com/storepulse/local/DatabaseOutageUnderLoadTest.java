package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.config.Settings;
import com.storepulse.json.Json;
import com.storepulse.testing.RestartablePostgres;
import com.storepulse.testing.TestRedis;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for several seconds while clients call the local stack's HTTP front door (the
 * real customer-api handler, invocations overlapping as they would on separate Lambda instances),
 * then comes back. The server is the test's own embedded PostgreSQL, stopped and started on the
 * same data directory; the machine's server is never touched.
 *
 * <p>What must hold: no 5xx but 503; a request that needs the database answers 503
 * DATABASE_UNAVAILABLE with Retry-After, after at most about a second; reads the cache holds keep
 * answering 200; /health answers quickly and says the database is down while it is; the first
 * success comes within 5 s of the server's return. Bounds are generous (they separate "about a
 * second" from the five seconds a request used to wait); the measured figures are printed.
 */
class DatabaseOutageUnderLoadTest {

    private static final int CLIENTS = 6;
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    enum Kind {
        LIST(true),
        STORES(true),
        DETAIL(false),
        SUMMARY(false),
        HEALTH(false);

        final boolean needsDatabase;

        Kind(boolean needsDatabase) {
            this.needsDatabase = needsDatabase;
        }
    }

    record Sample(
            Kind kind, long startNanos, long endNanos, int status, String code, String retryAfter, String database) {
        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }
    }

    @Test
    void anOutageUnderLoadIsAnsweredFastAndHonestlyAndRecoveryFollows() throws Exception {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String key : List.of("CACHE_KEY_PREFIX", "CACHE_TIMEOUT", "CACHE_CONNECT_TIMEOUT")) {
            saved.put(key, System.getProperty(key));
        }
        // Redis is not what this test is about: a slow Redis call on a loaded machine must not
        // turn a cached read into a database read.
        System.setProperty(
                "CACHE_KEY_PREFIX", "sp-outage-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        System.setProperty("CACHE_TIMEOUT", "PT1S");
        System.setProperty("CACHE_CONNECT_TIMEOUT", "PT1S");
        try (RestartablePostgres postgres = new RestartablePostgres();
                LocalStack stack = LocalStack.builder(LocalStackConfig.from(Settings.of(Map.of(
                                "PORT",
                                "0",
                                "DATABASE_URL",
                                postgres.jdbcUrl(),
                                "REDIS_URL",
                                TestRedis.url(),
                                "FUNCTION_TIMEOUT",
                                "PT20S"))))
                        .output(new PrintStream(OutputStream.nullOutputStream()))
                        .start()) {
            run(stack, postgres);
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    private void run(LocalStack stack, RestartablePostgres postgres) throws Exception {
        String key = stack.demoApiKey();
        assertNotNull(key, "the stack installs the demo key");
        // Enough rate limit for the load (the demo key's default would answer 429s).
        stack.database()
                .jdbi()
                .useHandle(
                        h -> h.execute(
                                "UPDATE api_key SET rate_limit_per_minute = 100000, rate_limit_burst = 10000 WHERE revoked_at IS NULL"));
        long storeId = stack.database()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT store_id FROM store s WHERE EXISTS (SELECT 1 FROM customer_score c WHERE c.store_id = s.store_id) ORDER BY store_id LIMIT 1")
                        .mapTo(Long.class)
                        .one());
        URI base = stack.baseUri();
        String list = "/v1/stores/" + storeId + "/customers?limit=5";

        // Warm up: the key and store owners are cached in the function, details and the summary in Redis.
        assertEquals(200, call(base, "/health", null, Kind.HEALTH).status());
        Sample page = call(base, list, key, Kind.LIST);
        assertEquals(200, page.status());
        JsonNode items = Json.mapper().readTree(lastBody.get()).get("items");
        List<String> details = new ArrayList<>();
        for (int i = 0; i < Math.min(3, items.size()); i++) {
            details.add("/v1/stores/" + storeId + "/customers/"
                    + items.get(i).get("customerId").asText());
        }
        assertFalse(details.isEmpty());
        String summary = "/v1/stores/" + storeId + "/summary";
        for (String path : details) {
            assertEquals(200, call(base, path, key, Kind.DETAIL).status());
        }
        assertEquals(200, call(base, summary, key, Kind.SUMMARY).status());
        assertEquals(200, call(base, "/v1/stores", key, Kind.STORES).status());

        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                int i = client;
                while (running.get()) {
                    Sample sample = switch (i++ % 4) {
                        case 0 -> call(base, list, key, Kind.LIST);
                        case 1 -> call(base, "/v1/stores", key, Kind.STORES);
                        case 2 -> call(base, details.get(i % details.size()), key, Kind.DETAIL);
                        default -> call(base, summary, key, Kind.SUMMARY);
                    };
                    samples.add(sample);
                    pause(25);
                }
                return null;
            });
        }
        clients.submit(() -> {
            while (running.get()) {
                samples.add(call(base, "/health", null, Kind.HEALTH));
                pause(200);
            }
            return null;
        });

        Thread.sleep(2_000);
        long stopping = System.nanoTime();
        postgres.stop();
        long stopped = System.nanoTime();
        Thread.sleep(OUTAGE.toMillis());
        // The server accepts connections a little before start() returns: "down" ends here.
        long restarting = System.nanoTime();
        postgres.start();
        long back = System.nanoTime();
        long deadline = back + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && firstSuccessAfter(samples, back) < 0) {
            Thread.sleep(50);
        }
        Thread.sleep(2_000);
        running.set(false);
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));

        List<Sample> all = List.copyOf(samples);
        long recovered = firstSuccessAfter(all, back);
        List<Sample> during = between(all, stopped, restarting);
        List<Sample> refused = filter(during, s -> s.kind().needsDatabase);
        // Every 503 from the moment the server began to stop, the first wave (which waited for the pool) included.
        List<Sample> all503 =
                filter(all, s -> s.status() == 503 && s.kind() != Kind.HEALTH && s.startNanos() >= stopping);
        List<Sample> cached = filter(during, s -> s.kind() == Kind.DETAIL || s.kind() == Kind.SUMMARY);
        List<Sample> healthDuring = filter(during, s -> s.kind() == Kind.HEALTH);
        List<Sample> healthAfter =
                filter(all, s -> s.kind() == Kind.HEALTH && recovered > 0 && s.startNanos() > recovered);

        System.out.printf(
                "database outage under load: %d requests, %d clients; PostgreSQL stopped in %d ms, down %d ms%n",
                all.size(), CLIENTS, (stopped - stopping) / 1_000_000, (back - stopped) / 1_000_000);
        System.out.printf("  restarting it took %d ms%n", (back - restarting) / 1_000_000);
        System.out.printf("  503 DATABASE_UNAVAILABLE, all: %d, %s%n", all503.size(), summary(all503));
        System.out.printf(
                "  database reads while down: %d, %s, statuses %s%n",
                refused.size(), summary(refused), statuses(refused));
        System.out.printf(
                "  cached reads while down: %d, %s, statuses %s%n", cached.size(), summary(cached), statuses(cached));
        System.out.printf(
                "  /health while down: %d, %s, statuses %s%n",
                healthDuring.size(), summary(healthDuring), statuses(healthDuring));
        System.out.printf(
                "  first success of a database read %s after PostgreSQL was back%n",
                recovered < 0 ? "never" : (recovered - back) / 1_000_000 + " ms");
        System.out.printf("  all statuses: %s%n", statuses(all));

        for (Sample s : all) {
            assertTrue(s.status() == 200 || s.status() == 503, "only 200 and 503: " + s);
        }
        assertFalse(refused.isEmpty(), "no database read ran during the outage");
        for (Sample s : refused) {
            assertEquals(503, s.status(), "a database read while down: " + s);
            assertEquals("DATABASE_UNAVAILABLE", s.code(), s.toString());
            assertNotNull(s.retryAfter(), "Retry-After: " + s);
        }
        for (Sample s : all503) {
            assertEquals("DATABASE_UNAVAILABLE", s.code(), s.toString());
            assertTrue(s.millis() < 3_000, "refused after about a second, not five: " + s.millis() + " ms");
        }
        assertFalse(cached.isEmpty());
        for (Sample s : cached) {
            assertEquals(200, s.status(), "a cached read while the database is down: " + s);
        }
        assertFalse(healthDuring.isEmpty());
        for (Sample s : healthDuring) {
            assertEquals(503, s.status(), "/health while down: " + s);
            assertEquals("down", s.database(), "/health tells the truth: " + s);
            assertTrue(s.millis() < 2_000, "/health answers within about a second: " + s.millis() + " ms");
        }
        assertTrue(recovered > 0, "no database read succeeded within 10 s of the server's return");
        assertTrue(
                recovered - back <= TimeUnit.SECONDS.toNanos(5),
                "first success " + (recovered - back) / 1_000_000 + " ms after the server was back");
        assertFalse(healthAfter.isEmpty());
        Sample lastHealth = healthAfter.getLast();
        assertEquals(200, lastHealth.status(), lastHealth.toString());
        assertEquals("up", lastHealth.database(), lastHealth.toString());
    }

    /** The body of the last call on this thread (the warm-up reads ids from it). */
    private static final ThreadLocal<String> lastBody = new ThreadLocal<>();

    private static Sample call(URI base, String path, String key, Kind kind) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            request.header("x-api-key", key);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long end = System.nanoTime();
            lastBody.set(response.body());
            JsonNode body = response.body().isEmpty() ? null : Json.mapper().readTree(response.body());
            return new Sample(
                    kind,
                    start,
                    end,
                    response.statusCode(),
                    body == null || !body.has("code") ? null : body.get("code").asText(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    body == null || !body.has("database")
                            ? null
                            : body.get("database").asText());
        } catch (IOException e) {
            return new Sample(kind, start, System.nanoTime(), -1, e.toString(), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sample(kind, start, System.nanoTime(), -1, "interrupted", null, null);
        }
    }

    /** When the first database read that started after {@code since} ended with a 200; -1 if none. */
    private static long firstSuccessAfter(List<Sample> samples, long since) {
        synchronized (samples) {
            return samples.stream()
                    .filter(s -> s.kind().needsDatabase && s.startNanos() >= since && s.status() == 200)
                    .mapToLong(Sample::endNanos)
                    .min()
                    .orElse(-1);
        }
    }

    /** Requests that started after {@code from} and ended before {@code to}. */
    private static List<Sample> between(List<Sample> samples, long from, long to) {
        return filter(samples, s -> s.startNanos() >= from && s.endNanos() <= to);
    }

    private static List<Sample> filter(List<Sample> samples, Predicate<Sample> keep) {
        return samples.stream().filter(keep).toList();
    }

    private static String summary(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "none";
        }
        long[] millis = samples.stream().mapToLong(Sample::millis).sorted().toArray();
        return String.format(
                "latency p50 %d ms, p95 %d ms, max %d ms",
                millis[millis.length / 2],
                millis[(int) Math.min(millis.length - 1, Math.ceil(millis.length * 0.95) - 1)],
                millis[millis.length - 1]);
    }

    private static Map<Integer, Long> statuses(List<Sample> samples) {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        samples.forEach(s -> counts.merge(s.status(), 1L, Long::sum));
        return counts;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
