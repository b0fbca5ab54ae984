package com.storepulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import com.storepulse.sync.SourceFixture;
import com.storepulse.testing.ClearTextSearch;
import com.storepulse.testing.TestDatabase;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's "done when", through the local stack as deployed (HTTP front door, the four
 * functions, PostgreSQL, Redis): a customer arrives by the sync (an H2 source in the default
 * layout, synced by azure-sync's manual FULL invoke) and by signed webhooks (webhook-intake), is
 * read and exported through the API, erased, and then the webhooks are replayed and the sync run
 * again (FULL and incremental, after the source changed the row). Afterwards no text or JSON column
 * of any table of the database, and no Redis key or value of the stack, holds the customer's name,
 * e-mail or id, and the store's figures still add up: the summary, the archetypes, the deciles and
 * the store list agree with each other and with the rows, and the store's orders are all still there.
 */
class PrivacyEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TAG =
            UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    /** The data subject: made-up values no demo row can hold. */
    private static final String ID = "zq-" + TAG;

    private static final String FIRST = "Zelphira" + TAG;
    private static final String LAST = "Quuxington" + TAG;
    private static final String EMAIL = "zelphira." + TAG + "@example.org";
    private static final List<String> CLEAR_TEXT = List.of(ID, EMAIL, FIRST, LAST);

    private static final List<String> TIMEOUTS = List.of("CACHE_TIMEOUT", "CACHE_CONNECT_TIMEOUT");
    private static final Map<String, String> SAVED = new java.util.HashMap<>();

    private static WebhookStack stack;
    private static SourceFixture source;
    private static long tenant;
    private static long store;
    private static String webhookSource;
    private static String webhookSecret;
    private static long syncSource;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        // a loaded test machine's Redis calls can exceed production's 50 ms budget; the erasure then
        // answers pending (tested in CustomerErasureTest), and this test wants the cache's own answer
        for (String timeout : TIMEOUTS) {
            SAVED.put(timeout, System.getProperty(timeout));
            System.setProperty(timeout, "PT1S");
        }
        stack = new WebhookStack("sp_privacy_e2e");
        assertTrue(
                System.getProperty("DATABASE_URL").contains("user=" + TestDatabase.APPLICATION_ROLE),
                "the functions connect as the application role (row-level security on)");
        tenant = stack.demoTenant();
        store = stack.newStore("Privacy " + TAG);
        WebhookStack.Answer registered = stack.admin(
                "POST",
                "/v1/admin/tenants/" + tenant + "/webhook-sources",
                "{\"storeId\":" + store + ",\"scheme\":\"standard-webhooks\",\"name\":\"shop\"}");
        assertEquals(201, registered.status(), registered.raw());
        webhookSource = registered.json().path("source").path("sourceId").asText();
        webhookSecret = registered.json().path("secret").asText();
        WebhookStack.Answer issued = stack.admin(
                "POST",
                "/v1/admin/tenants/" + tenant + "/api-keys",
                "{\"name\":\"data-subject-requests\",\"scopes\":[\"stores:read\",\"customers:read\","
                        + "\"customers:export\",\"customers:erase\"],\"allowedStoreIds\":[" + store + "]}");
        assertEquals(201, issued.status(), issued.raw());
        key = issued.json().path("key").asText();

        source = SourceFixture.h2("privacy-e2e-" + TAG);
        source.seed(16, 40, 160);
        // the subject's row is the source's newest, so the sync's cursor ends on their id
        LocalDateTime modified = LocalDateTime.parse("2024-06-01T00:00:00");
        source.execute(
                "INSERT INTO Customers (CustomerId, Email, FirstName, LastName, CreatedAt, ModifiedAt, IsDeleted, RowVer)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                ID,
                EMAIL,
                FIRST,
                LAST,
                LocalDateTime.parse("2023-02-01T09:00:00"),
                modified,
                new byte[8]);
        for (int i = 1; i <= 3; i++) {
            source.execute(
                    "INSERT INTO Orders (OrderId, CustomerId, OrderedAt, TotalAmount, Currency, Kind, ModifiedAt,"
                            + " IsDeleted, RowVer) VALUES (?, ?, ?, ?, 'USD', 'order', ?, 0, ?)",
                    "so-" + TAG + "-" + i,
                    ID,
                    LocalDateTime.parse("2023-0" + (2 + i) + "-10T12:00:00"),
                    new BigDecimal("25.00").multiply(BigDecimal.valueOf(i)),
                    modified,
                    new byte[8]);
        }
        WebhookStack.Answer syncRegistered = stack.admin(
                "POST",
                "/v1/admin/tenants/" + tenant + "/sync-sources",
                "{\"storeId\":" + store + ",\"jdbcUrl\":\"" + source.registeredUrl() + "\"}");
        assertEquals(201, syncRegistered.status(), syncRegistered.raw());
        syncSource = syncRegistered.json().path("sourceId").asLong();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (source != null) {
            source.close();
        }
        SAVED.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @Test
    void anErasedCustomerLeavesNoTraceAndNeitherTheSyncNorTheWebhooksBringThemBack() throws Exception {
        // arrival: the sync, then webhooks (a newer profile and an order the sync also brought)
        sync("full");
        String customerUpdated =
                "{\"type\":\"customer.updated\",\"timestamp\":\"2024-07-01T10:00:00Z\",\"data\":{\"id\":\""
                        + ID + "\",\"email\":\"" + EMAIL + "\",\"firstName\":\"" + FIRST + "\",\"lastName\":\"" + LAST
                        + "\",\"updatedAt\":\"2024-07-01T10:00:00Z\"}}";
        String orderUpdated =
                "{\"type\":\"order.updated\",\"timestamp\":\"2024-07-01T10:01:00Z\",\"data\":{\"id\":\"so-"
                        + TAG + "-1\",\"customerId\":\"" + ID
                        + "\",\"orderedAt\":\"2023-03-10T12:00:00Z\",\"totalAmount\":\"25.00\","
                        + "\"currency\":\"USD\",\"kind\":\"order\",\"updatedAt\":\"2024-07-01T10:01:00Z\"}}";
        assertEquals(
                "applied",
                deliver("wh-1-" + TAG, customerUpdated).path("status").asText());
        assertEquals(
                "applied", deliver("wh-2-" + TAG, orderUpdated).path("status").asText());

        // read (and cached) and exported through the API
        String detailPath = "/v1/stores/" + store + "/customers/" + ID;
        WebhookStack.Answer detail = api("GET", detailPath);
        assertEquals(200, detail.status(), detail.raw());
        assertFalse(detail.json().path("scores").isNull(), "the sync's run scored the store");
        WebhookStack.Answer export = api("GET", detailPath + "/export");
        assertEquals(200, export.status(), export.raw());
        assertEquals(EMAIL, export.json().path("profile").path("email").asText());
        assertEquals(3, export.json().path("orders").size());
        assertEquals(2, export.json().path("webhookEvents").size());
        assertFalse(export.json().path("scores").isNull());

        Jdbi db = stack.stack.database().jdbi();
        assertFalse(
                ClearTextSearch.find(db, CLEAR_TEXT).isEmpty(), "the search finds the customer before (it can fail)");
        // the detail is cached behind its answer: give the write a moment
        for (int i = 0; i < 50 && redisHolding(CLEAR_TEXT).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertFalse(redisHolding(CLEAR_TEXT).isEmpty(), "so does the Redis search (the cached detail)");
        Figures before = figures(db);

        // erasure
        WebhookStack.Answer erased = api("DELETE", detailPath);
        assertEquals(202, erased.status(), erased.raw());
        String erasureId = erased.json().path("erasureId").asText();
        // pending only while Redis has not confirmed; asking again tries it again
        for (int i = 0; i < 10 && erased.json().path("status").asText().equals("pending"); i++) {
            erased = api("DELETE", detailPath);
            assertEquals(erasureId, erased.json().path("erasureId").asText(), "the same request");
        }
        WebhookStack.Answer request = api("GET", "/v1/stores/" + store + "/erasures/" + erasureId);
        assertEquals(200, request.status(), request.raw());
        assertEquals("completed", request.json().path("status").asText());
        assertTrue(request.json().path("customerFound").asBoolean());
        assertEquals(3, request.json().path("ordersKept").asInt());
        assertEquals(2, request.json().path("webhookEventsDeleted").asInt());

        // replays: the same deliveries (re-signed, as a sender retries), then the sync again,
        // after the source changed the row
        assertEquals(
                "suppressed",
                deliver("wh-1-" + TAG, customerUpdated).path("status").asText());
        assertEquals(
                "suppressed",
                deliver("wh-2-" + TAG, orderUpdated).path("status").asText());
        sync("full");
        source.execute(
                "UPDATE Customers SET FirstName = ?, ModifiedAt = ? WHERE CustomerId = ?",
                FIRST,
                LocalDateTime.parse("2024-08-01T00:00:00"),
                ID);
        sync("incremental");

        assertEquals(404, api("GET", detailPath).status());
        assertEquals(404, api("GET", detailPath + "/export").status());
        assertEquals(List.of(), ClearTextSearch.find(db, CLEAR_TEXT), "no table holds them in clear");
        assertTrue(
                ClearTextSearch.searchedColumns(db)
                        .containsAll(List.of(
                                "dim_customer.email",
                                "dim_customer.external_id",
                                "webhook_event.body",
                                "sync_cursor.last_key",
                                "sync_run.error",
                                "alert_notice.notice")),
                "the search covers the tables that held them");
        assertEquals(List.of(), redisHolding(CLEAR_TEXT), "no Redis key or value holds them");

        Figures after = figures(db);
        assertEquals(before.orders(), after.orders(), "every order is still there");
        assertEquals(before.revenue(), after.revenue(), "so is the store's revenue");
        assertEquals(before.liveCustomers() - 1, after.liveCustomers(), "one customer less");
        assertFiguresAddUp(db, after);
    }

    /** What the store's figures are, read from the API and from the rows. */
    private record Figures(
            long orders, BigDecimal revenue, long liveCustomers, JsonNode summary, JsonNode archetypes) {}

    private static Figures figures(Jdbi db) throws Exception {
        WebhookStack.Answer summary = api("GET", "/v1/stores/" + store + "/summary");
        WebhookStack.Answer archetypes = api("GET", "/v1/stores/" + store + "/archetypes");
        assertEquals(200, summary.status(), summary.raw());
        assertEquals(200, archetypes.status(), archetypes.raw());
        return db.withHandle(h -> new Figures(
                h.createQuery("SELECT count(*) FROM fact_order WHERE store_id = :s AND deleted_at IS NULL")
                        .bind("s", store)
                        .mapTo(Long.class)
                        .one(),
                h.createQuery("SELECT sum(amount) FROM fact_order WHERE store_id = :s AND deleted_at IS NULL")
                        .bind("s", store)
                        .mapTo(BigDecimal.class)
                        .one(),
                h.createQuery("SELECT count(*) FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL")
                        .bind("s", store)
                        .mapTo(Long.class)
                        .one(),
                summary.json(),
                archetypes.json()));
    }

    /** The summary, the archetypes, the deciles and the store list agree with each other and with the rows. */
    private static void assertFiguresAddUp(Jdbi db, Figures figures) throws Exception {
        JsonNode summary = figures.summary();
        long scoredRows = db.withHandle(h -> h.createQuery("SELECT count(*) FROM customer_score WHERE store_id = :s")
                .bind("s", store)
                .mapTo(Long.class)
                .one());
        BigDecimal ltvRows = db.withHandle(
                h -> h.createQuery("SELECT coalesce(sum(predicted_ltv), 0) FROM customer_score WHERE store_id = :s")
                        .bind("s", store)
                        .mapTo(BigDecimal.class)
                        .one());
        assertEquals(figures.liveCustomers(), summary.path("customers").asLong(), "customers = live rows");
        assertEquals(scoredRows, summary.path("scoredCustomers").asLong(), "scoredCustomers = score rows");
        long archetypeCustomers = 0;
        BigDecimal archetypeLtv = BigDecimal.ZERO;
        for (JsonNode archetype : figures.archetypes().path("archetypes")) {
            archetypeCustomers += archetype.path("customers").asLong();
            archetypeLtv = archetypeLtv.add(archetype.path("totalPredictedLtv").decimalValue());
        }
        long decileCustomers = 0;
        for (JsonNode decile : summary.path("churnRiskDeciles")) {
            decileCustomers += decile.path("customers").asLong();
        }
        assertEquals(scoredRows, archetypeCustomers, "the archetypes add up to the scored customers");
        assertEquals(scoredRows, decileCustomers, "so do the deciles");
        assertEquals(0, ltvRows.compareTo(summary.path("totalPredictedLtv").decimalValue()), "total LTV = score rows");
        assertEquals(0, ltvRows.compareTo(archetypeLtv), "the archetypes' LTV adds up to it");
        WebhookStack.Answer stores = api("GET", "/v1/stores");
        JsonNode listed = null;
        for (JsonNode item : stores.json().path("items")) {
            if (item.path("storeId").asLong() == store) {
                listed = item;
            }
        }
        assertEquals(figures.liveCustomers(), listed.path("customers").asLong(), "the store list agrees");
        assertEquals(scoredRows, listed.path("scoredCustomers").asLong());
        long wrongTotals = db.withHandle(
                h -> h.createQuery("""
                        SELECT count(*) FROM dim_customer c
                        WHERE c.store_id = :s AND c.deleted_at IS NULL
                          AND c.order_count <> (SELECT count(*) FROM fact_order o
                                                WHERE o.customer_id = c.customer_id AND o.kind = 'order'
                                                  AND o.deleted_at IS NULL)""").bind("s", store).mapTo(Long.class).one());
        assertEquals(0, wrongTotals, "every live customer's totals follow their orders");
    }

    private static WebhookStack.Answer api(String method, String path) throws Exception {
        return stack.call(method, path, Map.of("x-api-key", key), null);
    }

    /** azure-sync's manual invoke (runbook "manual sync"), answered with the run's report. */
    private static void sync(String mode) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(stack.stack.baseUri().resolve("/2015-03-31/functions/azure-sync/invocations"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"mode\":\"" + mode + "\",\"sourceId\":" + syncSource + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("COMPLETED"), mode + " sync: " + response.body());
    }

    /** A standard-webhooks delivery (v1 HMAC) through the front door, signed now. */
    private static JsonNode deliver(String id, String body) throws Exception {
        long ts = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                Base64.getDecoder().decode(webhookSecret.substring("whsec_".length())), "HmacSHA256"));
        String signature = Base64.getEncoder()
                .encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.stack.baseUri() + "/v1/webhooks/" + webhookSource))
                        .header("Content-Type", "application/json")
                        .header("webhook-id", id)
                        .header("webhook-timestamp", Long.toString(ts))
                        .header("webhook-signature", "v1," + signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body());
    }

    /** Every key of the stack (its prefix) whose name or value holds one of {@code needles}, case-insensitively. */
    private static List<String> redisHolding(List<String> needles) {
        RedisClient client = RedisClient.create(stack.redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            List<String> found = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(
                        cursor,
                        ScanArgs.Builder.matches(stack.cachePrefix + "*").limit(500));
                for (String k : page.getKeys()) {
                    String content = k + " "
                            + switch (redis.type(k)) {
                                case "string" -> redis.get(k);
                                case "hash" -> redis.hgetall(k).toString();
                                case "list" -> redis.lrange(k, 0, -1).toString();
                                case "set" -> redis.smembers(k).toString();
                                case "zset" -> redis.zrange(k, 0, -1).toString();
                                default -> "";
                            };
                    for (String needle : needles) {
                        if (content.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT))) {
                            found.add(k + " holds " + needle);
                        }
                    }
                }
                cursor = page;
            } while (!cursor.isFinished());
            return found;
        } finally {
            client.shutdown();
        }
    }
}
