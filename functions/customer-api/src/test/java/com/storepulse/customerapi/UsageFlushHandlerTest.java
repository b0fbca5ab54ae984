package com.storepulse.customerapi;

import static com.storepulse.customerapi.QueryFixture.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.storepulse.auth.ApiKeys;
import com.storepulse.db.TenantScope;
import com.storepulse.devservers.DevServers;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.testing.TestDatabase;
import com.storepulse.usage.DailyUsage;
import com.storepulse.usage.UsageFlushIncompleteException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The usage-flush function (template.yaml's UsageFlushFunction: {@link UsageFlushHandler} from
 * this jar) given its schedule's event (events/usage-flush-scheduled.json, deserialized as the
 * Lambda runtime does) moves the counts waiting in Redis to PostgreSQL. USAGE_FLUSH_INTERVAL is 15
 * minutes here, so no request finds a flush due: the counts wait in Redis the way they do after
 * the last request of a quiet period. The customer API itself no longer flushes for any input.
 */
class UsageFlushHandlerTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static RealApi api;
    private static UsageFlushHandler flusher;

    @BeforeAll
    static void start() {
        api = new RealApi(Map.of("USAGE_FLUSH_INTERVAL", "PT15M"));
        flusher = new UsageFlushHandler(); // the same settings: RealApi's system properties
    }

    @AfterAll
    static void stop() {
        if (flusher != null) {
            flusher.close();
        }
        if (api != null) {
            api.close();
        }
    }

    static ScheduledEvent scheduledEvent() throws IOException {
        PojoSerializer<ScheduledEvent> serializer = LambdaEventSerializers.serializerFor(
                ScheduledEvent.class, UsageFlushHandlerTest.class.getClassLoader());
        try (InputStream in = Files.newInputStream(REPO.resolve("events/usage-flush-scheduled.json"))) {
            return serializer.fromJson(in);
        }
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

    /** The key's requests as GET /v1/usage shows them (table plus Redis), as the key's tenant as that route does. */
    private static long shown(long keyId) {
        LocalDate today = api.usageMeter().today();
        return TenantScope.call(
                ACME,
                () -> api.usageMeter().usage(keyId, today.minusDays(1), today).stream()
                        .mapToLong(DailyUsage::requests)
                        .sum());
    }

    private static String issueKey() {
        return api.issueKey(ACME, "[\"stores:read\"]", null, 600, 100);
    }

    private static UsageFlushHandler.Report flush() throws IOException {
        return flusher.handleRequest(
                scheduledEvent(),
                LambdaContextStandIn.of("usage-flush", UUID.randomUUID().toString()));
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

        UsageFlushHandler.Report report = flush();
        assertTrue(report.requestsFlushed() >= 3, report.toString());
        assertEquals(3, inPostgres(id), "in the billing table now");
        assertEquals(3, shown(id), "and shown once, not once from the table and once from Redis");

        assertEquals(0, flush().requestsFlushed(), "a repeated run adds nothing");
        assertEquals(3, inPostgres(id));
    }

    @Test
    void theReportIsWhatTheLambdaRuntimeSerializes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JacksonFactory.getInstance()
                .getSerializer(UsageFlushHandler.Report.class)
                .toJson(new UsageFlushHandler.Report(7), out);
        assertEquals("{\"requestsFlushed\":7}", out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theCustomerApiFlushesForNoInput() throws IOException {
        String key = issueKey();
        long id = keyId(key);
        assertEquals(200, api.get("/v1/stores", key).status());
        assertEquals(200, api.get("/v1/stores", key).status());

        // The fixed input the schedule used to send to the customer API, and the scheduled event itself.
        APIGatewayProxyRequestEvent formerInput =
                new APIGatewayProxyRequestEvent().withResource("storepulse:flush-usage");
        APIGatewayProxyRequestEvent scheduled =
                CustomerApiHandlerTest.event(REPO.resolve("events/usage-flush-scheduled.json"));
        for (APIGatewayProxyRequestEvent event : new APIGatewayProxyRequestEvent[] {formerInput, scheduled}) {
            RealApi.Reply reply = api.send(event);
            assertEquals(400, reply.status(), String.valueOf(reply.body()));
            assertEquals("application/problem+json", reply.headers().get("Content-Type"));
        }
        assertEquals(0, inPostgres(id), "the customer API flushed the usage");
        assertEquals(2, shown(id), "the counts are still waiting in Redis");
        flush();
        assertEquals(2, inPostgres(id));
    }

    @Test
    void anEventThatIsNotAScheduledEventIsRefusedAndMovesNothing() throws IOException {
        String key = issueKey();
        long id = keyId(key);
        assertEquals(200, api.get("/v1/stores", key).status());
        ScheduledEvent notScheduled = scheduledEvent().withDetailType("Object Created");
        ScheduledEvent unknownSource = scheduledEvent().withSource("aws.s3");
        for (ScheduledEvent event : new ScheduledEvent[] {notScheduled, unknownSource, null}) {
            com.storepulse.errors.ValidationException refused = assertThrows(
                    com.storepulse.errors.ValidationException.class,
                    () -> flusher.handleRequest(event, LambdaContextStandIn.of("usage-flush", "not-scheduled")));
            assertTrue(!refused.fieldErrors().isEmpty(), refused.getMessage());
        }
        assertEquals(0, inPostgres(id), "a refused event flushed the usage");

        // the local stack's rule sends what an EventBridge rule does: source aws.events
        flusher.handleRequest(
                scheduledEvent().withSource("aws.events"), LambdaContextStandIn.of("usage-flush", "rule"));
        assertEquals(1, inPostgres(id));
    }

    /** A Redis that refuses the first connection (a cold start's connect timing out, say) and then answers. */
    @Test
    void aFlushThatCannotReachRedisAtFirstTriesAgainAfterTheBackoff() throws Exception {
        DevServers.EmbeddedRedis redis = DevServers.startRedis();
        redis.stop();
        String saved = System.getProperty("REDIS_URL");
        System.setProperty("REDIS_URL", redis.url());
        try (UsageFlushHandler cut = new UsageFlushHandler();
                CapturedLogs logs = new CapturedLogs()) {
            java.util.concurrent.CompletableFuture<UsageFlushHandler.Report> flushing =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return cut.handleRequest(
                                    scheduledEvent(), LambdaContextStandIn.of("usage-flush", "late-redis"));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (failedAttempts(logs) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, failedAttempts(logs), "the first attempt found Redis down");
            redis.start();
            assertEquals(
                    0, flushing.get(30, java.util.concurrent.TimeUnit.SECONDS).requestsFlushed());
            assertEquals(1, failedAttempts(logs), "the next attempt, after the back-off, completed");
        } finally {
            redis.stop();
            if (saved == null) {
                System.clearProperty("REDIS_URL");
            } else {
                System.setProperty("REDIS_URL", saved);
            }
        }
    }

    private static long failedAttempts(CapturedLogs logs) {
        return logs.lines().stream()
                .filter(l -> l.path("message").asText().startsWith("usage flush failed"))
                .count();
    }

    @Test
    void aFlushThatCannotReachRedisFailsTheInvocation() {
        String saved = System.getProperty("REDIS_URL");
        System.setProperty("REDIS_URL", "redis://127.0.0.1:1"); // nothing listens there
        try (UsageFlushHandler cut = new UsageFlushHandler()) {
            assertThrows(
                    UsageFlushIncompleteException.class,
                    () -> cut.handleRequest(scheduledEvent(), LambdaContextStandIn.of("usage-flush", "no-redis")));
        } finally {
            if (saved == null) {
                System.clearProperty("REDIS_URL");
            } else {
                System.setProperty("REDIS_URL", saved);
            }
        }
    }
}
