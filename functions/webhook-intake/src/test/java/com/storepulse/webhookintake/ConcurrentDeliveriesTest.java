package com.storepulse.webhookintake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.cache.CacheKeys;
import com.storepulse.cache.NoCache;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.http.ApiGatewayExchange;
import com.storepulse.json.Json;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.testing.TestDatabase;
import com.storepulse.webhooks.TestSigner;
import com.storepulse.webhooks.WebhookSources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Deliveries for one store from several instances at once (each with its own pool and intake, as
 * concurrent Lambda instances are), through the function's routes: each event applies exactly
 * once, duplicates sent by two instances at once included, and the rescoring batches that the
 * instances share leave every customer scored exactly as a sequential rescoring with the same fit
 * scores it.
 */
class ConcurrentDeliveriesTest {

    private static final String DATA_KEY = SecretBox.newKey();
    private static final int INSTANCES = 8;
    private static final int EVENTS_EACH = 20;
    private static final int CUSTOMERS = 12;
    private static final int SHARED_DUPLICATES = 5;

    private static final String SCORE_COLUMNS = """
            s.customer_id, s.frequency, s.recency_days, s.tenure_days, s.monetary_value, s.total_spend,
            s.last_order_at, s.p_alive, s.churn_risk, s.expected_purchases, s.predicted_ltv, s.archetype_id,
            s.r_score, s.f_score, s.m_score, s.segments::text AS segments, s.model_fit_id""";

    @Test
    void concurrentDeliveriesApplyOnceAndLeaveTheScoresOfASequentialRescoring() throws Exception {
        Database database = TestDatabase.shared();
        Jdbi jdbi = database.jdbi();
        // One instant for every instance and for the sequential rescoring after (the same UTC day);
        // requests are signed at it, well within the tolerance.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Settings settings = Settings.of(Map.of(SecretBox.KEY_SETTING, DATA_KEY));
        long tenant = jdbi.withHandle(h -> h.createQuery(
                        "INSERT INTO tenant (slug, name) VALUES (:s, :s) RETURNING tenant_id")
                .bind("s", "conc-" + UUID.randomUUID().toString().substring(0, 8))
                .mapTo(Long.class)
                .one());
        long store = jdbi.withHandle(h -> h.createQuery(
                        "INSERT INTO store (tenant_id, name, currency) VALUES (:t, 'S', 'USD') RETURNING store_id")
                .bind("t", tenant)
                .mapTo(Long.class)
                .one());
        WebhookSources.Registered source = new WebhookSources(jdbi, SecretBox.fromSettings(settings), clock)
                .register(tenant, store, "standard-webhooks", "concurrent", null, null);

        // a fitted store: every customer with two orders in the past months
        Instance seeder = new Instance(database, settings, clock, source);
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int o = 0; o < 2; o++) {
                Instant at = now.minus(Duration.ofDays(20 + 40L * o + c));
                seeder.send("seed-" + c + "-" + o, order("seed-" + c + "-" + o, "c-" + c, at, "35.00"));
            }
        }
        new StoreScoringService(jdbi, CacheInvalidation.NONE).rescoreStore(store, now, true);

        // the instances: their own orders and customer updates, and the same few events sent by all
        List<Database> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(INSTANCES);
        Map<String, AtomicInteger> firstDeliveries = new ConcurrentHashMap<>();
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < INSTANCES; w++) {
                Database pool = TestDatabase.open(TestDatabase.sharedJdbcUrl(), 2);
                pools.add(pool);
                Instance instance = new Instance(pool, settings, clock, source);
                int instanceNo = w;
                done.add(CompletableFuture.runAsync(
                        () -> {
                            Random random = new Random(instanceNo);
                            for (int i = 0; i < EVENTS_EACH; i++) {
                                String customer = "c-" + random.nextInt(CUSTOMERS);
                                Instant at = now.minus(Duration.ofMinutes(1 + random.nextInt(600)));
                                String id = "e-" + instanceNo + "-" + i;
                                String body = i % 3 == 2
                                        ? customerUpdate(customer, at)
                                        : order(id, customer, at, (10 + random.nextInt(90)) + ".50");
                                instance.send(id, body);
                                if (i < SHARED_DUPLICATES) {
                                    String shared = "dup-" + i;
                                    boolean duplicate = instance.send(
                                            shared, order(shared, "c-" + i, now.minusSeconds(30), "12.00"));
                                    if (!duplicate) {
                                        firstDeliveries
                                                .computeIfAbsent(shared, k -> new AtomicInteger())
                                                .incrementAndGet();
                                    }
                                }
                            }
                        },
                        threads));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
            pools.forEach(Database::close);
        }

        // exactly once: each shared event was a first delivery once, every order is one row
        for (int i = 0; i < SHARED_DUPLICATES; i++) {
            assertEquals(1, firstDeliveries.get("dup-" + i).get(), "dup-" + i + " applied by one delivery");
        }
        long ordersExpected = CUSTOMERS * 2L + SHARED_DUPLICATES + INSTANCES * (EVENTS_EACH - EVENTS_EACH / 3);
        long orders = count(jdbi, "SELECT count(*) FROM fact_order WHERE store_id = :s", store);
        assertEquals(ordersExpected, orders);
        long queued = count(jdbi, "SELECT count(*) FROM score_pending WHERE store_id = :s", store);
        assertEquals(0, queued, "every queued customer was rescored");

        // the scores the shared batches left are those of a sequential rescoring with the same fit
        List<Map<String, Object>> batched = scores(jdbi, store);
        List<Long> customers =
                jdbi.withHandle(h -> h.createQuery("SELECT customer_id FROM dim_customer WHERE store_id = :s")
                        .bind("s", store)
                        .mapTo(Long.class)
                        .list());
        new StoreScoringService(jdbi, CacheInvalidation.NONE).rescoreCustomersWithCurrentFit(store, customers, now);
        assertEquals(CUSTOMERS, batched.size());
        assertEquals(scores(jdbi, store), batched);
    }

    private static long count(Jdbi jdbi, String sql, long store) {
        return jdbi.withHandle(
                h -> h.createQuery(sql).bind("s", store).mapTo(Long.class).one());
    }

    private static List<Map<String, Object>> scores(Jdbi jdbi, long store) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + SCORE_COLUMNS
                        + " FROM customer_score s WHERE s.store_id = :s ORDER BY s.customer_id")
                .bind("s", store)
                .mapToMap()
                .list());
    }

    /** One function instance: its own intake (on its own pool) and exchange. */
    private static final class Instance {
        private final WebhookIntakeRoutes routes;
        private final ApiGatewayExchange exchange;
        private final WebhookSources.Registered source;
        private final long timestamp;

        Instance(Database pool, Settings settings, Clock clock, WebhookSources.Registered source) {
            this.routes = new WebhookIntakeRoutes(WebhookIntakeBeans.create(
                    pool, settings, new NoCache(new CacheKeys("sp:")), MetricsRecorder.NOOP, clock));
            this.exchange = new ApiGatewayExchange(new InvocationScope(PowertoolsMetricsRecorder.create(
                    Settings.of(Map.of(PowertoolsMetricsRecorder.NAMESPACE_SETTING, "StorePulseWebhookTest")),
                    "webhook-intake")));
            this.source = source;
            this.timestamp = clock.instant().getEpochSecond();
        }

        /**
         * Delivers one event (answered 200: applied, or stale for a customer update older than the
         * one held); returns whether it was answered as a duplicate.
         */
        boolean send(String id, String body) {
            Map<String, String> headers = new HashMap<>(TestSigner.standardHeaders(
                    TestSigner.standardV1(source.secret(), id, timestamp, body), id, timestamp));
            APIGatewayProxyResponseEvent response = exchange.handle(
                    null,
                    new APIGatewayProxyRequestEvent()
                            .withHttpMethod("POST")
                            .withResource("/v1/webhooks/{sourceId}")
                            .withPath("/v1/webhooks/" + source.source().sourceId())
                            .withPathParameters(
                                    Map.of("sourceId", source.source().sourceId()))
                            .withHeaders(headers)
                            .withBody(body),
                    routes::route);
            assertEquals(200, response.getStatusCode(), response.getBody());
            String status;
            try {
                status = Json.mapper()
                        .readTree(response.getBody())
                        .path("status")
                        .asText();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            // an order (its own id, a first version) applies; a customer update may find a newer one
            if (body.contains("\"order.created\"") || !status.equals("stale")) {
                assertEquals("applied", status, response.getBody());
            }
            return "true".equals(response.getHeaders().get(WebhookIntakeRoutes.DUPLICATE_HEADER));
        }
    }

    private static String order(String id, String customer, Instant at, String amount) {
        return "{\"type\":\"order.created\",\"timestamp\":\"" + at + "\",\"data\":{\"id\":\"" + id
                + "\",\"customerId\":\"" + customer + "\",\"orderedAt\":\"" + at + "\",\"totalAmount\":\"" + amount
                + "\",\"currency\":\"USD\",\"kind\":\"order\",\"updatedAt\":\"" + at + "\"}}";
    }

    private static String customerUpdate(String customer, Instant at) {
        return "{\"type\":\"customer.updated\",\"timestamp\":\"" + at + "\",\"data\":{\"id\":\"" + customer
                + "\",\"email\":\"" + customer + "@example.com\",\"updatedAt\":\"" + at + "\"}}";
    }
}
