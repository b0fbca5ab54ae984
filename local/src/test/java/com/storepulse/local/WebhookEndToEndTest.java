package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.config.Settings;
import com.storepulse.db.Database;
import com.storepulse.demodata.DemoWebhookSource;
import com.storepulse.json.Json;
import com.storepulse.testing.TestDatabase;
import com.storepulse.webhooks.WebhookKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 1,000 signed webhook deliveries through the local stack's HTTP front door to the demo source:
 * customers created and updated (some updates older than what is stored), orders created and
 * updated (some out of order), refunds, deletes, and 100 re-deliveries of earlier events. The
 * expected end state is computed from the events themselves (newest {@code updatedAt} per entity);
 * afterwards the database holds exactly it, and the customer API serves the new customers with
 * their scores. Its own database: the demo data and the new rows stay out of other tests.
 */
class WebhookEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = WebhookKeys.newSecret();
    private static final Instant BASE = Instant.now().minusSeconds(30L * 24 * 3600);
    private static LocalStack stack;
    private static Database database;
    private static long storeId;
    private static String currency;

    private record Delivery(String id, String body) {}

    /** The newest version of each entity, as the events say. */
    private record CustomerState(String email, Instant version, boolean deleted) {}

    private record OrderState(String customer, BigDecimal amount, String kind, Instant version) {}

    /** System properties the stack sets for its handlers, put back afterwards (docs/local-stack.md). */
    private static final Map<String, String> SAVED = new HashMap<>();

    @BeforeAll
    static void start() {
        for (String key : List.of("DATABASE_URL", "REDIS_URL")) {
            SAVED.put(key, System.getProperty(key));
        }
        String url = TestDatabase.createEmptyDatabase("sp_webhook_e2e");
        stack = LocalStack.builder(LocalStackConfig.from(Settings.of(Map.of(
                        "PORT",
                        "0",
                        "DATABASE_URL",
                        url,
                        // the functions as deployed: the application role, row-level security on
                        "FUNCTIONS_DATABASE_URL",
                        TestDatabase.asApplication(url),
                        "EMBEDDED_REDIS",
                        "false",
                        "FUNCTION_TIMEOUT",
                        "PT30S",
                        DemoWebhookSource.SECRET_SETTING,
                        SECRET))))
                .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .start();
        database = stack.database();
        Map<String, Object> store = database.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT store_id, currency FROM webhook_source JOIN store USING (store_id)"
                                        + " WHERE source_id = 'demo'")
                                .mapToMap()
                                .one());
        storeId = ((Number) store.get("store_id")).longValue();
        currency = ((String) store.get("currency")).trim();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        SAVED.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    private static String at(long minutes) {
        return BASE.plusSeconds(minutes * 60).toString();
    }

    private static String customerEvent(String type, String id, String email, String updatedAt) {
        return "{\"type\":\"" + type + "\",\"timestamp\":\"" + updatedAt + "\",\"data\":{\"id\":\"" + id
                + "\",\"email\":\"" + email + "\",\"firstName\":\"Web\",\"lastName\":\"Hook " + id
                + "\",\"createdAt\":\"" + at(0) + "\",\"updatedAt\":\"" + updatedAt + "\"}}";
    }

    private static String orderEvent(
            String type, String id, String customer, String amount, String kind, String updatedAt) {
        return "{\"type\":\"" + type + "\",\"timestamp\":\"" + updatedAt + "\",\"data\":{\"id\":\"" + id
                + "\",\"customerId\":\"" + customer + "\",\"orderedAt\":\"" + updatedAt + "\",\"totalAmount\":\""
                + amount + "\",\"currency\":\"" + currency + "\",\"kind\":\"" + kind + "\",\"updatedAt\":\""
                + updatedAt + "\"}}";
    }

    @Test
    void aThousandDeliveriesLeaveExactlyTheNewestDataAndScoredCustomers() throws Exception {
        Random random = new Random(11);
        List<Delivery> first = new ArrayList<>();
        Map<String, CustomerState> customers = new LinkedHashMap<>();
        Map<String, OrderState> orders = new LinkedHashMap<>();
        AtomicInteger ids = new AtomicInteger();

        for (int c = 0; c < 150; c++) {
            String id = "wh-c-" + c;
            Instant version = Instant.parse(at(c));
            first.add(new Delivery(
                    "e" + ids.incrementAndGet(),
                    customerEvent("customer.created", id, id + "@example.com", version.toString())));
            customers.put(id, new CustomerState(id + "@example.com", version, false));
        }
        for (int o = 0; o < 400; o++) {
            String id = "wh-o-" + o;
            String customer = "wh-c-" + random.nextInt(150);
            String amount = (10 + random.nextInt(200)) + "." + (10 + random.nextInt(90));
            Instant version = Instant.parse(at(200 + o));
            first.add(new Delivery(
                    "e" + ids.incrementAndGet(),
                    orderEvent("order.created", id, customer, amount, "order", version.toString())));
            orders.put(id, new OrderState(customer, new BigDecimal(amount), "order", version));
        }
        for (int u = 0; u < 150; u++) {
            // 100 newer amounts, then 50 updates older than the order's creation: stale
            String id = "wh-o-" + random.nextInt(400);
            OrderState current = orders.get(id);
            boolean newer = u < 100;
            Instant version =
                    newer ? Instant.parse(at(1000 + u)) : current.version().minusSeconds(60);
            String amount = (5 + random.nextInt(300)) + ".00";
            first.add(new Delivery(
                    "e" + ids.incrementAndGet(),
                    orderEvent("order.updated", id, current.customer(), amount, "order", version.toString())));
            if (version.isAfter(current.version())) {
                orders.put(id, new OrderState(current.customer(), new BigDecimal(amount), "order", version));
            }
        }
        for (int r = 0; r < 80; r++) {
            String id = "wh-r-" + r;
            String customer = "wh-c-" + random.nextInt(150);
            String amount = (1 + random.nextInt(20)) + ".50";
            Instant version = Instant.parse(at(2000 + r));
            first.add(new Delivery(
                    "e" + ids.incrementAndGet(),
                    "{\"type\":\"order.refunded\",\"timestamp\":\"" + version + "\",\"data\":{\"id\":\"" + id
                            + "\",\"customerId\":\"" + customer + "\",\"refundedAt\":\"" + version + "\",\"amount\":\""
                            + amount + "\",\"currency\":\"" + currency + "\"}}"));
            orders.put(id, new OrderState(customer, new BigDecimal(amount).negate(), "return", version));
        }
        for (int u = 0; u < 100; u++) {
            // customer updates: half newer than the create, half older (stale)
            String id = "wh-c-" + random.nextInt(150);
            CustomerState current = customers.get(id);
            Instant version = u % 2 == 0
                    ? Instant.parse(at(3000 + u))
                    : Instant.parse(at(0)).minusSeconds(3600 + u);
            String email = "updated-" + u + "@example.com";
            first.add(new Delivery(
                    "e" + ids.incrementAndGet(), customerEvent("customer.updated", id, email, version.toString())));
            if (version.isAfter(current.version())) {
                customers.put(id, new CustomerState(email, version, current.deleted()));
            }
        }
        for (int d = 0; d < 20; d++) {
            String id = "wh-c-" + (130 + d);
            Instant version = Instant.parse(at(5000 + d));
            first.add(new Delivery(
                    "e" + ids.incrementAndGet(),
                    "{\"type\":\"customer.deleted\",\"timestamp\":\"" + version + "\",\"data\":{\"id\":\"" + id
                            + "\",\"deletedAt\":\"" + version + "\"}}"));
            CustomerState current = customers.get(id);
            customers.put(id, new CustomerState(current.email(), version, true));
        }
        assertEquals(900, first.size());
        List<Delivery> again = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            again.add(first.get(random.nextInt(first.size())));
        }

        Map<Integer, Integer> statuses = new HashMap<>();
        send(first, statuses, false);
        send(again, statuses, true);
        assertEquals(Map.of(200, 1000), statuses, "every delivery answered 200");

        // The database: exactly the newest state of each entity, each event recorded once.
        Map<String, Map<String, Object>> storedCustomers = new HashMap<>();
        database.jdbi()
                .useHandle(h -> h.createQuery("SELECT external_id, email, deleted_at FROM dim_customer"
                                + " WHERE store_id = :s AND external_id LIKE 'wh-c-%'")
                        .bind("s", storeId)
                        .mapToMap()
                        .forEach(row -> storedCustomers.put((String) row.get("external_id"), row)));
        assertEquals(customers.keySet(), storedCustomers.keySet());
        customers.forEach((id, expected) -> {
            assertEquals(expected.email(), storedCustomers.get(id).get("email"), id);
            assertEquals(expected.deleted(), storedCustomers.get(id).get("deleted_at") != null, id);
        });
        Map<String, Map<String, Object>> storedOrders = new HashMap<>();
        database.jdbi()
                .useHandle(h -> h.createQuery("SELECT o.external_id, c.external_id AS customer, o.amount, o.kind"
                                + " FROM fact_order o JOIN dim_customer c USING (customer_id)"
                                + " WHERE o.store_id = :s AND o.external_id LIKE 'wh-%'")
                        .bind("s", storeId)
                        .mapToMap()
                        .forEach(row -> storedOrders.put((String) row.get("external_id"), row)));
        assertEquals(orders.keySet(), storedOrders.keySet());
        orders.forEach((id, expected) -> {
            Map<String, Object> row = storedOrders.get(id);
            assertEquals(expected.customer(), row.get("customer"), id);
            assertEquals(0, expected.amount().compareTo((BigDecimal) row.get("amount")), id + ": " + row);
            assertEquals(expected.kind(), row.get("kind"), id);
        });
        long events = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM webhook_event WHERE source = 'demo'")
                        .mapTo(Long.class)
                        .one());
        assertEquals(900, events);
        // Each customer's totals agree with their orders.
        long wrongTotals = database.jdbi()
                .withHandle(h ->
                        h.createQuery("""
                        SELECT count(*) FROM dim_customer c
                        WHERE c.store_id = :s AND c.external_id LIKE 'wh-c-%'
                          AND c.total_spend <> (SELECT COALESCE(round(sum(amount), 2), 0) FROM fact_order o
                                                WHERE o.customer_id = c.customer_id)""").bind("s", storeId).mapTo(Long.class).one());
        assertEquals(0, wrongTotals);

        // The customer API: new live customers with orders are scored; deleted ones are gone.
        int checked = 0;
        for (Map.Entry<String, CustomerState> entry : customers.entrySet()) {
            String id = entry.getKey();
            boolean hasOrder = orders.values().stream()
                    .anyMatch(o -> o.customer().equals(id) && o.kind().equals("order"));
            if (!hasOrder || checked >= 20 && !entry.getValue().deleted()) {
                continue;
            }
            HttpResponse<String> response = get("/v1/stores/" + storeId + "/customers/" + id);
            if (entry.getValue().deleted()) {
                assertEquals(404, response.statusCode(), id + ": " + response.body());
                continue;
            }
            assertEquals(200, response.statusCode(), id + ": " + response.body());
            JsonNode detail = Json.mapper().readTree(response.body());
            assertEquals(entry.getValue().email(), detail.at("/profile/email").asText(), id);
            assertFalse(detail.get("scores").isNull(), id + " has no score: " + response.body());
            assertNotNull(detail.at("/scores/predictedLtv").decimalValue());
            checked++;
        }
        assertTrue(checked >= 20, "checked " + checked + " customers");
    }

    private static void send(List<Delivery> deliveries, Map<Integer, Integer> statuses, boolean duplicates)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                results.add(pool.submit(() -> post(delivery)));
            }
            for (Future<HttpResponse<String>> result : results) {
                HttpResponse<String> response = result.get();
                synchronized (statuses) {
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                }
                assertEquals(200, response.statusCode(), response.body());
                if (duplicates) {
                    assertEquals(
                            "true",
                            response.headers().firstValue("Webhook-Duplicate").orElse(null),
                            response.body());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<String> post(Delivery delivery) throws Exception {
        long ts = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        String signature = Base64.getEncoder()
                .encodeToString(mac.doFinal(
                        (delivery.id() + "." + ts + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.baseUri() + "/v1/webhooks/" + DemoWebhookSource.SOURCE_ID))
                        .header("Content-Type", "application/json")
                        .header("webhook-id", delivery.id())
                        .header("webhook-timestamp", Long.toString(ts))
                        .header("webhook-signature", "v1," + signature)
                        .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.baseUri() + path))
                        .header("x-api-key", stack.demoApiKey())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
