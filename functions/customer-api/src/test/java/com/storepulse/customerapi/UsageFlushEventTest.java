package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.storepulse.auth.ApiKeys;
import com.storepulse.customerapi.maintenance.MaintenanceEvents;
import com.storepulse.testing.TestDatabase;
import com.storepulse.usage.DailyUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The usage-flush schedule's event (events/customer-api-flush-usage.json, what template.yaml's
 * UsageFlush schedule sends), deserialized as the Lambda runtime does and given to the real
 * handler, moves the counts waiting in Redis to PostgreSQL; nothing an HTTP request can carry
 * through API Gateway does. USAGE_FLUSH_INTERVAL is 15 minutes here, so no request finds a flush
 * due: the counts wait in Redis the way they do after the last request of a quiet period.
 */
class UsageFlushEventTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static RealApi api;

    @BeforeAll
    static void start() {
        api = new RealApi(Map.of("USAGE_FLUSH_INTERVAL", "PT15M"));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static APIGatewayProxyRequestEvent flushEvent() throws IOException {
        return CustomerApiHandlerTest.event(REPO.resolve("events/customer-api-flush-usage.json"));
    }

    private static long keyId(String key) {
        String prefix = ApiKeys.prefixOf(key);
        return TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT api_key_id FROM api_key WHERE prefix = :p")
                        .bind("p", prefix)
                        .mapTo(Long.class)
                        .one());
    }

    /** The key's requests in the billing table. */
    private static long inPostgres(long keyId) {
        return TestDatabase.shared()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT coalesce(sum(request_count), 0) FROM api_key_usage_daily WHERE api_key_id = :id")
                        .bind("id", keyId)
                        .mapTo(Long.class)
                        .one());
    }

    /** The key's requests as GET /v1/usage shows them (table plus Redis). */
    private static long shown(long keyId) {
        LocalDate today = api.usageMeter().today();
        return api.usageMeter().usage(keyId, today.minusDays(1), today).stream()
                .mapToLong(DailyUsage::requests)
                .sum();
    }

    private static String issueKey() {
        return api.issueKey(ACME, "[\"stores:read\"]", null, 600, 100);
    }

    @Test
    void theScheduledEventMovesWhatWaitsInRedisAfterTheLastRequestToPostgres() throws IOException {
        String key = issueKey();
        long id = keyId(key);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.get("/v1/stores", key).status());
        }
        assertEquals(0, inPostgres(id), "no flush is due: the counts wait in Redis");
        assertEquals(3, shown(id));

        APIGatewayProxyRequestEvent event = flushEvent();
        assertTrue(MaintenanceEvents.isMaintenance(event));
        RealApi.Reply flushed = api.send(event);
        assertEquals(200, flushed.status(), String.valueOf(flushed.body()));
        assertEquals("flush-usage", flushed.body().path("task").asText());
        assertTrue(
                flushed.body().path("requestsFlushed").asLong() >= 3,
                flushed.body().toString());
        assertEquals(3, inPostgres(id), "in the billing table now");
        assertEquals(3, shown(id), "and shown once, not once from the table and once from Redis");

        RealApi.Reply again = api.send(flushEvent());
        assertEquals(200, again.status());
        assertEquals(0, again.body().path("requestsFlushed").asLong(), "a repeated run adds nothing");
        assertEquals(3, inPostgres(id));
    }

    @Test
    void nothingAnHttpRequestCanCarryRunsTheFlush() throws IOException {
        String key = issueKey();
        long id = keyId(key);
        assertEquals(200, api.get("/v1/stores", key).status());
        assertEquals(200, api.get("/v1/stores", key).status());

        Map<String, APIGatewayProxyRequestEvent> attempts = new LinkedHashMap<>();
        // API Gateway always adds a request context and a method: the flush input with them is a request.
        attempts.put(
                "the flush input as API Gateway would deliver it",
                flushEvent()
                        .withHttpMethod("GET")
                        .withRequestContext(RealApi.proxyEvent("GET", "/v1/stores", key, null)
                                .getRequestContext()));
        attempts.put(
                "the flush input with only a request context",
                flushEvent()
                        .withRequestContext(RealApi.proxyEvent("GET", "/v1/stores", key, null)
                                .getRequestContext()));
        attempts.put("a path naming the task", RealApi.proxyEvent("GET", "/v1/storepulse:flush-usage", key, null));
        attempts.put(
                "a body naming the task",
                RealApi.proxyEvent("POST", "/v1/stores", key, "{\"resource\":\"storepulse:flush-usage\"}"));
        Map<String, String> headers = new HashMap<>(Map.of("x-api-key", key));
        attempts.put("the flush input with headers", flushEvent().withHeaders(headers));
        attempts.put(
                "EventBridge's own scheduled event (no fixed input)",
                CustomerApiHandlerTest.event(REPO.resolve("events/azure-sync-scheduled.json")));
        attempts.put("an unknown maintenance task", flushEvent().withResource("storepulse:drop-everything"));

        for (Map.Entry<String, APIGatewayProxyRequestEvent> attempt : attempts.entrySet()) {
            RealApi.Reply reply = api.send(attempt.getValue());
            assertNotEquals(200, reply.status(), attempt.getKey() + ": " + reply.body());
            assertEquals("application/problem+json", reply.headers().get("Content-Type"), attempt.getKey());
            assertTrue(reply.status() >= 400 && reply.status() < 500, attempt.getKey() + ": " + reply.status());
            assertEquals(0, inPostgres(id), attempt.getKey() + " flushed the usage");
        }
        assertEquals(2, shown(id), "the counts are still waiting in Redis");

        assertEquals(200, api.send(flushEvent()).status());
        assertEquals(2, inPostgres(id));
    }
}
