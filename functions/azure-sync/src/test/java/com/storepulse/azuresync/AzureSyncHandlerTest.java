package com.storepulse.azuresync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.alerts.AppAlertPublisher;
import com.storepulse.cache.CacheKeys;
import com.storepulse.cache.RecordingMetrics;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.json.Json;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.redis.RedisSettings;
import com.storepulse.schema.Migrations;
import com.storepulse.sync.SyncSources;
import com.storepulse.sync.SyncTestSupport;
import com.storepulse.testing.AwsStandIn;
import com.storepulse.testing.StoreRows;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The function end to end without Lambda: its handler with the real SQS and SNS clients pointed at
 * WireMock ({@link AwsStandIn}), a real PostgreSQL, Redis for the invalidation, and H2 in
 * MSSQLServer mode as each retailer's database. The queue's redelivery is played by the test: it
 * hands each message sent to the handler as SQS would, one per invocation.
 */
class AzureSyncHandlerTest {

    private static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/storepulse-test-sync";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:storepulse-test-alerts";

    private static Database database;
    /** The same database as the function connects to it: the application role, row-level security on. */
    private static Database application;

    private static String dataKey;

    private final AwsStandIn aws = new AwsStandIn();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private SyncQueue queue;
    private AppAlertPublisher alerts;
    private AzureSyncHandler handler;
    private SyncSources sources;
    private long tenantId;
    private long storeId;

    @BeforeAll
    static void createDatabase() {
        String url = TestDatabase.createEmptyDatabase("sp_azuresync");
        database = TestDatabase.open(url, 4);
        Migrations.migrate(database.dataSource());
        application = TestDatabase.open(TestDatabase.asApplication(url), 4);
        dataKey = SecretBox.newKey();
    }

    @AfterAll
    static void closeDatabase() {
        application.close();
        database.close();
    }

    private CacheKeys cacheKeys;

    @BeforeEach
    void wire() {
        Settings settings = Settings.of(Map.of(
                SecretBox.KEY_SETTING,
                dataKey,
                SyncQueue.QUEUE_URL_SETTING,
                QUEUE_URL,
                "REDIS_URL",
                TestRedis.url(),
                PowertoolsMetricsRecorder.NAMESPACE_SETTING,
                "StorePulseTest"));
        queue = new SyncQueue(QUEUE_URL, () -> AwsStandIn.client(SqsClient.builder(), aws.baseUrl()));
        alerts = new AppAlertPublisher(Optional.of(TOPIC), () -> AwsStandIn.client(SnsClient.builder(), aws.baseUrl()));
        cacheKeys = new CacheKeys(RedisSettings.from(settings).keyPrefix());
        SyncCoordinator coordinator = AzureSyncWiring.coordinator(
                application,
                settings,
                JedisCacheInvalidation.from(RedisSettings.from(settings), metrics),
                queue,
                alerts,
                metrics,
                Clock.systemUTC());
        handler = new AzureSyncHandler(new AzureSyncWiring(
                new InvocationScope(PowertoolsMetricsRecorder.create(settings, SyncCoordinator.FUNCTION)),
                coordinator,
                Duration.ofSeconds(5)));
        sources = new SyncSources(
                database.jdbi(), SecretBox.fromSettings(settings), reference -> Optional.empty(), Clock.systemUTC());
        long[] ids = SyncTestSupport.tenantAndStore(database);
        tenantId = ids[0];
        storeId = ids[1];
    }

    @AfterEach
    void close() {
        queue.close();
        alerts.close();
        aws.close();
    }

    @Test
    void theScheduleQueuesOneMessagePerActiveSourceAndSyncsNothingItself() throws Exception {
        try (SyncSourceDatabase a = SyncSourceDatabase.create(name());
                SyncSourceDatabase b = SyncSourceDatabase.create(name());
                SyncSourceDatabase paused = SyncSourceDatabase.create(name())) {
            a.addCustomers(0, 10);
            long first = register(a);
            long second = register(b);
            long third = register(paused);
            sources.setPaused(tenantId, third, true);

            JsonNode result = invoke(resource("azure-sync-scheduled.json"), null);

            List<JsonNode> sent = aws.sentMessages();
            List<Long> queuedSources =
                    sent.stream().map(m -> m.path("sourceId").asLong()).toList();
            assertTrue(queuedSources.containsAll(List.of(first, second)), "every active source: " + sent);
            assertTrue(!queuedSources.contains(third), "not the paused one: " + sent);
            sent.forEach(m -> {
                assertEquals("incremental", m.path("mode").asText());
                assertEquals("schedule", m.path("reason").asText());
            });
            assertEquals(queuedSources.size(), result.path("queued").asInt());
            assertEquals(0, customersInStore(), "the tick itself syncs nothing");
        }
    }

    @Test
    void aQueuedSourceRunsAndItsRowsArriveRescoredThenAnIncrementalRunTakesOnlyTheChanges() throws Exception {
        try (SyncSourceDatabase source = SyncSourceDatabase.create(name())) {
            source.addCustomers(0, 200);
            long id = register(source);
            // What the customer API cached for the store before the sync: the run must drop it.
            String details = cacheKeys.customerDetails(storeId);
            String aggregate = cacheKeys.storeAggregates(storeId).get(0);
            try (Jedis redis = new Jedis(java.net.URI.create(TestRedis.url()))) {
                redis.hset(details, "c1", "{\"stale\":true}");
                redis.set(aggregate, "{\"stale\":true}");
            }

            JsonNode outcome =
                    invoke(sqsEvent(id, "incremental", "schedule", 1), null).get(0);

            assertEquals("COMPLETED", outcome.path("status").asText(), outcome.toString());
            try (Jedis redis = new Jedis(java.net.URI.create(TestRedis.url()))) {
                assertFalse(redis.hexists(details, "c1"), "the synced customer's cached detail was dropped");
                assertFalse(redis.exists(aggregate), "the store's cached aggregates were dropped");
                assertTrue(redis.exists(cacheKeys.storeEpoch(storeId)), "the store's cache epoch moved");
            }
            assertEquals(200, customersInStore());
            assertEquals(400, ordersInStore());
            assertEquals(200, scoredCustomers(), "the changed customers were scored");
            assertEquals(600, metrics.total(MetricNames.SYNC_ROWS_SYNCED), "rows synced are counted");
            assertTrue(aws.sentMessages().isEmpty(), "caught up: no continuation");

            source.addCustomers(200, 5);
            JsonNode next =
                    invoke(sqsEvent(id, "incremental", "schedule", 1), null).get(0);
            assertEquals("COMPLETED", next.path("status").asText());
            assertEquals(
                    15,
                    next.path("tables").findValues("rowsRead").stream()
                            .mapToLong(JsonNode::asLong)
                            .sum(),
                    "only the new rows were read: " + next);
            assertEquals(205, customersInStore());
        }
    }

    @Test
    void aRunOutOfTimeQueuesItsContinuationAtOnceAndTheContinuationFinishesTheJob() throws Exception {
        try (SyncSourceDatabase source = SyncSourceDatabase.create(name())) {
            source.addCustomers(0, 12_000); // more than one batch of customers (SourceSync.DEFAULT_BATCH_ROWS)
            long id = register(source);

            JsonNode stopped = invoke(sqsEvent(id, "incremental", "schedule", 1), new OutOfTimeAfterFirstBatch(id))
                    .get(0);

            assertEquals("STOPPED_FOR_TIME", stopped.path("status").asText(), stopped.toString());
            long partly = customersInStore();
            assertTrue(partly > 0 && partly < 12_000, "one batch committed: " + partly);
            List<JsonNode> sent = aws.sentMessages();
            assertEquals(1, sent.size(), "the continuation is queued at once: " + sent);
            assertEquals(id, sent.get(0).path("sourceId").asLong());
            assertEquals("continuation", sent.get(0).path("reason").asText());
            assertEquals("incremental", sent.get(0).path("mode").asText());

            JsonNode finished = invoke(sqsBody(sent.get(0).toString(), 1), null).get(0);

            assertEquals("COMPLETED", finished.path("status").asText(), finished.toString());
            assertEquals(12_000, customersInStore());
            assertEquals(24_000, ordersInStore());
        }
    }

    @Test
    void aPoisonSourceFailsEveryDeliveryAndAlertsWhileTheOthersComplete() throws Exception {
        try (SyncSourceDatabase good = SyncSourceDatabase.create(name());
                SyncSourceDatabase poison = SyncSourceDatabase.withoutTables(name())) {
            good.addCustomers(0, 20);
            long goodId = register(good);
            long poisonId = register(poison);

            // SQS hands the poison message out again after each failed invocation; after the
            // queue's maxReceiveCount (3, template.yaml) the redrive moves it to the DLQ.
            for (int receive = 1; receive <= 3; receive++) {
                byte[] event = sqsEvent(poisonId, "incremental", "schedule", receive);
                SourceSyncFailedException failed =
                        assertThrows(SourceSyncFailedException.class, () -> invoke(event, null));
                assertEquals(poisonId, failed.outcome().sourceId());
            }
            JsonNode good1 =
                    invoke(sqsEvent(goodId, "incremental", "schedule", 1), null).get(0);

            assertEquals("COMPLETED", good1.path("status").asText());
            assertEquals(20, customersInStore());
            List<JsonNode> published = aws.publishedAlerts();
            assertEquals(3, published.size(), "one app alert per failed run: " + published);
            for (JsonNode alert : published) {
                assertEquals(
                        "sync-source-failing:" + poisonId,
                        alert.path("fingerprint").asText());
                assertEquals("firing", alert.path("state").asText());
                assertEquals("sync-failed", alert.path("runbook").asText());
                assertEquals("azure-sync", alert.path("source").asText());
            }
            assertEquals(3, metrics.total(MetricNames.SYNC_FAILED));
        }
    }

    @Test
    void aManualFullResyncRepairsWhatTheCursorsCannotSee() throws Exception {
        try (SyncSourceDatabase source = SyncSourceDatabase.create(name())) {
            source.addCustomers(0, 50);
            long id = register(source);
            invoke(sqsEvent(id, "incremental", "schedule", 1), null);
            source.changeSilently("c7", "changed@example.test");
            source.deleteOutright("c9");
            JsonNode incremental =
                    invoke(sqsEvent(id, "incremental", "schedule", 1), null).get(0);
            assertEquals("COMPLETED", incremental.path("status").asText());
            assertEquals("customer7@example.test", email("c7"), "an incremental run cannot see it");

            JsonNode full =
                    invoke(("{\"mode\":\"full\",\"sourceId\":" + id + "}").getBytes(StandardCharsets.UTF_8), null);

            assertEquals("COMPLETED", full.path("status").asText(), full.toString());
            assertEquals("changed@example.test", email("c7"));
            assertEquals(49, customersInStore(), "the customer deleted at the source is deleted here");
            assertEquals(98, ordersInStore());
        }
    }

    @Test
    void aShortInvocationKeepsAQuarterOfItsTimeAsMarginNotTheWholeDefault() {
        Context twentySeconds = withRemaining(20_000);
        assertEquals(
                15_000,
                AzureSyncHandler.deadline(twentySeconds, Duration.ofSeconds(90)).remainingMillis(),
                1_000);
        Context fifteenMinutes = withRemaining(900_000);
        assertEquals(
                810_000,
                AzureSyncHandler.deadline(fifteenMinutes, Duration.ofSeconds(90))
                        .remainingMillis(),
                1_000);
    }

    @Test
    void aMistypedManualInvokeFailsNamingTheField() {
        assertThrows(
                com.storepulse.errors.ValidationException.class,
                () -> invoke("{\"mode\":\"everything\",\"sourceId\":1}".getBytes(StandardCharsets.UTF_8), null));
    }

    /**
     * The daily scoring schedule: a store scored today is left alone; once its scores are two days
     * old it is queued, and so is a store whose customers arrived without any scoring (webhooks
     * alone); the queued message rescores every customer as of now.
     */
    @Test
    void theScoringScheduleQueuesStoresWithDayOldScoresAndAQueuedRescoreScoresTheStoreAsOfNow() throws Exception {
        try (SyncSourceDatabase source = SyncSourceDatabase.create(name())) {
            source.addCustomers(0, 120);
            long id = register(source);
            assertEquals(
                    "COMPLETED",
                    invoke(sqsEvent(id, "incremental", "schedule", 1), null)
                            .get(0)
                            .path("status")
                            .asText());
            long unscoredStore = SyncTestSupport.tenantAndStore(database)[1];
            database.jdbi()
                    .useHandle(h -> h.execute(
                            "INSERT INTO dim_customer (store_id, external_id) VALUES (?, 'webhook-only-1')",
                            unscoredStore));

            JsonNode first = invoke(resource("azure-sync-scoring-scheduled.json"), null);
            List<Long> queuedFirst = queuedStores();
            assertFalse(queuedFirst.contains(storeId), "scored minutes ago: not due " + first);
            assertTrue(queuedFirst.contains(unscoredStore), "never scored: due " + first);
            assertEquals(
                    0,
                    aws.sentMessages().stream().filter(m -> m.has("sourceId")).count(),
                    "no sync queued");

            database.jdbi()
                    .useHandle(h -> h.execute(
                            "UPDATE store_scoring_state SET as_of = now() - interval '2 days' WHERE store_id = ?",
                            storeId));
            aws.reset();
            invoke(resource("azure-sync-scoring-scheduled.json"), null);
            JsonNode message = aws.sentMessages().stream()
                    .filter(m -> m.path("storeId").asLong() == storeId)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("store " + storeId + " not queued: " + aws.sentMessages()));
            assertEquals("rescore", message.path("job").asText());
            assertEquals("schedule", message.path("reason").asText());

            JsonNode report = invoke(sqsBody(message.toString(), 1), null).get(0);
            assertEquals("rescored", report.path("status").asText(), report.toString());
            assertEquals(120, report.path("customersScored").asInt(), report.toString());
            double hoursOld = database.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT extract(epoch FROM now() - as_of) / 3600 FROM store_scoring_state WHERE store_id = :s")
                            .bind("s", storeId)
                            .mapTo(Double.class)
                            .one());
            assertTrue(hoursOld < 1, "the store's scores are as of now, not two days ago: " + hoursOld + " h");
            assertEquals(1, metrics.total(MetricNames.STORE_RESCORED));
        }
    }

    @Test
    void anOperatorRescoresAStoreByHandAndAStoreDeletedSinceTheTickIsAQuietSuccess() throws Exception {
        JsonNode gone = invoke("{\"storeId\":987654321,\"job\":\"rescore\"}".getBytes(StandardCharsets.UTF_8), null);
        assertEquals("no-such-store", gone.path("status").asText(), gone.toString());
        assertEquals("manual", gone.path("reason").asText());
        assertThrows(
                com.storepulse.errors.ValidationException.class,
                () -> invoke(
                        "{\"storeId\":1,\"job\":\"rescore\",\"refit\":\"yes\"}".getBytes(StandardCharsets.UTF_8),
                        null));
        assertThrows(
                com.storepulse.errors.ValidationException.class,
                () -> invoke("{\"storeId\":1,\"job\":\"refit-everything\"}".getBytes(StandardCharsets.UTF_8), null));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private JsonNode invoke(byte[] event, Context context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        return Json.mapper().readTree(out.toByteArray());
    }

    private long register(SyncSourceDatabase source) {
        return sources.register(tenantId, storeId, source.jdbcUrl(), "sa", null, Map.of(), "modifiedAt")
                .id();
    }

    private static byte[] sqsEvent(long sourceId, String mode, String reason, int receiveCount) {
        return sqsBody(
                "{\"sourceId\":" + sourceId + ",\"mode\":\"" + mode + "\",\"reason\":\"" + reason + "\"}",
                receiveCount);
    }

    private List<Long> queuedStores() {
        return aws.sentMessages().stream()
                .filter(m -> "rescore".equals(m.path("job").asText()))
                .map(m -> m.path("storeId").asLong())
                .toList();
    }

    private static byte[] sqsBody(String body, int receiveCount) {
        var event = Json.mapper().createObjectNode();
        var record = event.putArray("Records").addObject();
        record.put("messageId", UUID.randomUUID().toString());
        record.put("body", body);
        record.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(receiveCount));
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:eu-west-1:123456789012:storepulse-test-sync");
        return Json.writeBytes(event);
    }

    private static byte[] resource(String sample) throws IOException {
        return java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../../events", sample));
    }

    private long customersInStore() {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL")
                        .bind("s", storeId)
                        .mapTo(Long.class)
                        .one());
    }

    private long ordersInStore() {
        return database.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT count(*) FROM fact_order WHERE store_id = :s AND deleted_at IS NULL")
                                .bind("s", storeId)
                                .mapTo(Long.class)
                                .one());
    }

    private long scoredCustomers() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM customer_score WHERE store_id = :s")
                        .bind("s", storeId)
                        .mapTo(Long.class)
                        .one());
    }

    private String email(String externalId) {
        return StoreRows.email(database.jdbi(), storeId, externalId);
    }

    private static Context withRemaining(long millis) {
        LambdaContextStandIn test = LambdaContextStandIn.of("storepulse-test-azure-sync", "req-margin");
        return new LambdaContextStandIn(
                test.getAwsRequestId(),
                test.getFunctionName(),
                test.getInvokedFunctionArn(),
                test.getLogStreamName(),
                System.currentTimeMillis() + millis,
                test.getMemoryLimitInMB(),
                test.getLogger());
    }

    private static String name() {
        return "azsync_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A Lambda context whose invocation runs out of time as soon as the source's first batch has
     * committed (its cursor exists): the run must stop there, however fast the machine is.
     */
    private final class OutOfTimeAfterFirstBatch implements Context {
        private final long sourceId;
        private final LambdaContextStandIn lambda = LambdaContextStandIn.of("storepulse-test-azure-sync", "req-1");

        OutOfTimeAfterFirstBatch(long sourceId) {
            this.sourceId = sourceId;
        }

        @Override
        public int getRemainingTimeInMillis() {
            boolean committed = database.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT count(*) > 0 FROM sync_cursor WHERE sync_source_id = :id AND cursor_value IS NOT NULL")
                            .bind("id", sourceId)
                            .mapTo(Boolean.class)
                            .one());
            // The handler keeps its margin (5 s here) back: at the margin, nothing is left.
            return committed ? 5_000 : 600_000;
        }

        @Override
        public String getAwsRequestId() {
            return lambda.getAwsRequestId();
        }

        @Override
        public String getLogGroupName() {
            return lambda.getLogGroupName();
        }

        @Override
        public String getLogStreamName() {
            return lambda.getLogStreamName();
        }

        @Override
        public String getFunctionName() {
            return lambda.getFunctionName();
        }

        @Override
        public String getFunctionVersion() {
            return lambda.getFunctionVersion();
        }

        @Override
        public String getInvokedFunctionArn() {
            return lambda.getInvokedFunctionArn();
        }

        @Override
        public CognitoIdentity getIdentity() {
            return lambda.getIdentity();
        }

        @Override
        public ClientContext getClientContext() {
            return lambda.getClientContext();
        }

        @Override
        public int getMemoryLimitInMB() {
            return lambda.getMemoryLimitInMB();
        }

        @Override
        public LambdaLogger getLogger() {
            return lambda.getLogger();
        }
    }
}
