package com.storepulse.azuresync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.storepulse.alerts.AppAlertPublisher;
import com.storepulse.cache.RecordingMetrics;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.devservers.LambdaContextStandIn;
import com.storepulse.errors.ValidationException;
import com.storepulse.fuzz.EventMutations;
import com.storepulse.fuzz.EventMutations.FuzzEvent;
import com.storepulse.fuzz.EventMutations.Seed;
import com.storepulse.fuzz.FuzzTally;
import com.storepulse.fuzz.FuzzTally.Kind;
import com.storepulse.fuzz.FuzzTally.Violation;
import com.storepulse.fuzz.FuzzValues;
import com.storepulse.fuzz.Leaks;
import com.storepulse.fuzz.WriteLog;
import com.storepulse.json.Json;
import com.storepulse.observability.CapturedLogs;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.redis.RedisSettings;
import com.storepulse.schema.Migrations;
import com.storepulse.sync.SyncSources;
import com.storepulse.sync.SyncTestSupport;
import com.storepulse.testing.AwsStandIn;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestRedis;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Issue 15's fuzz suite for azure-sync: every event type its handler takes (an EventBridge
 * schedule's tick for the sync and for the scoring, an SQS batch of sync and rescore messages, a
 * manual invoke), mutated from the repository's samples (events/azure-sync-*.json) and AWS's own
 * (../shared/corpora/aws-events), through the real {@link AzureSyncHandler} on its own PostgreSQL
 * database, Redis, WireMock as SQS and SNS, and an H2 source (one that answers, and one whose
 * password must never show). Fixed seed, bounded count (junit-platform.properties). For every event:
 *
 * <ul>
 *   <li>nothing escapes but what the handler documents: a {@link ValidationException} naming the
 *       fields of an event it refuses, and {@link SourceSyncFailedException} for the source whose
 *       database does not exist (the one failure the run sets up), which fails the invocation so
 *       SQS retries the message; the good source failing breaks the property;
 *   <li>a refused event writes nothing;
 *   <li>no stack trace, exception class name, SQL or secret in the output or the thrown message; no
 *       secret in a log line.
 * </ul>
 */
class AzureSyncFuzzTest {

    private static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/storepulse-fuzz-sync";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:storepulse-fuzz-alerts";
    private static final String SOURCE_PASSWORD = "fuzz-" + UUID.randomUUID() + "-pw";
    private static final String DATA_KEY = SecretBox.newKey();
    private static final FuzzTally TALLY = new FuzzTally("azure-sync");
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();

    private static Database database;
    private static AwsStandIn aws;
    private static SyncQueue queue;
    private static AppAlertPublisher alerts;
    private static AzureSyncHandler handler;
    private static SyncSourceDatabase source;
    private static WriteLog writes;
    private static CapturedLogs logs;
    private static long storeId;
    private static long goodSource;
    private static long failingSource;

    @BeforeContainer
    static void start() throws Exception {
        String url = TestDatabase.createEmptyDatabase("sp_syncfuzz");
        database = TestDatabase.open(url, 4);
        Migrations.migrate(database.dataSource());
        aws = new AwsStandIn();
        Settings settings = Settings.of(Map.of(
                SecretBox.KEY_SETTING,
                DATA_KEY,
                SyncQueue.QUEUE_URL_SETTING,
                QUEUE_URL,
                "REDIS_URL",
                TestRedis.url(),
                PowertoolsMetricsRecorder.NAMESPACE_SETTING,
                "StorePulseFuzz"));
        queue = new SyncQueue(QUEUE_URL, () -> AwsStandIn.client(SqsClient.builder(), aws.baseUrl()));
        alerts = new AppAlertPublisher(Optional.of(TOPIC), () -> AwsStandIn.client(SnsClient.builder(), aws.baseUrl()));
        RecordingMetrics metrics = new RecordingMetrics();
        SyncCoordinator coordinator = AzureSyncWiring.coordinator(
                database,
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
        SyncSources sources = new SyncSources(
                database.jdbi(), SecretBox.fromSettings(settings), reference -> Optional.empty(), Clock.systemUTC());
        long[] ids = SyncTestSupport.tenantAndStore(database);
        storeId = ids[1];
        source = SyncSourceDatabase.create(
                "syncfuzz_" + UUID.randomUUID().toString().replace("-", ""));
        source.addCustomers(0, 20);
        goodSource = sources.register(ids[0], storeId, source.jdbcUrl(), "sa", null, Map.of(), "modifiedAt")
                .id();
        failingSource = sources.register(
                        ids[0],
                        storeId,
                        "jdbc:h2:mem:syncfuzz_none;MODE=MSSQLServer;IFEXISTS=TRUE",
                        "fuzz",
                        SOURCE_PASSWORD,
                        Map.of(),
                        "modifiedAt")
                .id();
        SECRETS.put("the source's password", SOURCE_PASSWORD);
        SECRETS.put("the data key", DATA_KEY);
        writes = WriteLog.install(database);
        logs = new CapturedLogs();
    }

    @AfterContainer
    static void stop() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        try {
            close();
        } catch (Exception e) {
            failures.add(e);
        }
        try {
            TALLY.finish();
        } catch (AssertionError e) {
            failures.add(e);
        }
        try {
            everyValidKindRan();
        } catch (AssertionError e) {
            failures.add(e);
        }
        FuzzTally.throwAll(failures);
    }

    private static void close() throws Exception {
        if (logs != null) {
            logs.close();
        }
        if (writes != null) {
            writes.close();
        }
        if (queue != null) {
            queue.close();
            alerts.close();
            aws.close();
        }
        if (source != null) {
            source.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /**
     * The seeds of the kinds the handler runs (the repository's azure-sync events and a manual
     * rescore; not the failing source's, nor AWS's samples of other kinds), by name.
     */
    private static List<Seed> validSeeds() {
        List<Seed> seeds = new ArrayList<>(EventMutations.repositoryEvents("azure-sync-"));
        seeds.add(Seed.of("manual-rescore", "{\"storeId\":1,\"job\":\"rescore\",\"refit\":true}"));
        return seeds.stream().map(AzureSyncFuzzTest::ours).toList();
    }

    /**
     * Every valid seed's kind ran successfully (nothing thrown) at least once in the run: a handler
     * that refused every event with a {@link ValidationException} would otherwise pass the property,
     * which only looks at what a refusal leaves.
     */
    private static void everyValidKindRan() {
        if (TALLY.cases() == 0) {
            return; // the property did not run (another test of the class was picked)
        }
        List<String> never = new ArrayList<>();
        for (Seed seed : validSeeds()) {
            if (SUCCEEDED.getOrDefault(seed.name(), 0L) == 0) {
                never.add(seed.name());
            }
        }
        System.out.println("azure-sync successful runs by seed: " + SUCCEEDED);
        if (!never.isEmpty()) {
            throw new AssertionError("seed kinds that never ran successfully in " + TALLY.cases() + " cases: " + never);
        }
    }

    /** Cases the handler ran without throwing, by the seed they were mutated from. */
    private static final Map<String, Long> SUCCEEDED = new java.util.TreeMap<>();

    /** Each valid seed, not mutated, runs without throwing (it is never refused). */
    @Example
    void anUnmutatedValidEventIsNeverRefused() {
        List<String> refused = new ArrayList<>();
        for (Seed seed : validSeeds()) {
            try {
                handler.handleRequest(
                        new ByteArrayInputStream(seed.bytes()),
                        new ByteArrayOutputStream(),
                        LambdaContextStandIn.of("azure-sync", UUID.randomUUID().toString()));
            } catch (IOException | RuntimeException e) {
                refused.add(seed.name() + ": " + FuzzValues.shown(String.valueOf(e)));
            }
        }
        if (!refused.isEmpty()) {
            throw new AssertionError("valid events refused or failed: " + refused);
        }
    }

    @Property(seed = FuzzTally.SEED, shrinking = ShrinkingMode.BOUNDED)
    void nothingEscapesButWhatIsDocumented(@ForAll("events") FuzzEvent event) {
        logs.take();
        long before = writes.position();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String answer;
        boolean refused = false;
        List<Violation> broken = new ArrayList<>();
        try {
            handler.handleRequest(
                    new ByteArrayInputStream(event.bytes()),
                    out,
                    LambdaContextStandIn.of("azure-sync", UUID.randomUUID().toString()));
            answer = out.toString(StandardCharsets.UTF_8);
            synchronized (SUCCEEDED) {
                SUCCEEDED.merge(event.seed(), 1L, Long::sum);
            }
        } catch (ValidationException e) {
            refused = true;
            answer = e.getMessage() + " " + Json.write(e.fieldErrors());
            List<String> written = writes.since(before);
            if (!written.isEmpty()) {
                broken.add(new Violation(Kind.REFUSED_WRITE, "wrote " + written));
            }
        } catch (SourceSyncFailedException e) {
            // The documented retry signal (SQS redelivers the message), but only for the source
            // this run broke on purpose: the good source failing is a defect, not a retry.
            answer = e.getMessage();
            long failed = e.outcome() == null ? -1 : e.outcome().sourceId();
            if (failed != failingSource) {
                broken.add(new Violation(Kind.FAILURE, "source " + failed + " failed to sync: " + e));
            }
        } catch (IOException | RuntimeException e) {
            answer = String.valueOf(e.getMessage());
            broken.add(new Violation(Kind.FAILURE, "escaped: " + e));
        }
        broken.addAll(Leaks.inAnswer(answer, SECRETS));
        broken.addAll(Leaks.inLogs(logs.take(), SECRETS));
        TALLY.count(FuzzValues.shown(event.toString()) + " -> " + FuzzValues.shown(answer), refused, broken);
    }

    @Provide
    Arbitrary<FuzzEvent> events() {
        List<Seed> seeds = new ArrayList<>(EventMutations.repositoryEvents("azure-sync-"));
        seeds.addAll(EventMutations.awsSamples("cloudwatch_event.json", "sns_event.json", "apigw_rest_event.json"));
        seeds.add(Seed.of("manual-rescore", "{\"storeId\":1,\"job\":\"rescore\",\"refit\":true}"));
        seeds.add(Seed.of("manual-failing-source", "{\"mode\":\"incremental\",\"sourceId\":2}"));
        return EventMutations.of(seeds.stream().map(AzureSyncFuzzTest::ours).toList());
    }

    /** The seed with its source and store ids this run's: the good source, the failing one, the store. */
    private static Seed ours(Seed seed) {
        try {
            JsonNode tree = Json.mapper().readTree(seed.bytes());
            return new Seed(seed.name(), Json.writeBytes(rewrite(tree)));
        } catch (IOException e) {
            return seed;
        }
    }

    private static JsonNode rewrite(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> changed = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                switch (field.getKey()) {
                    case "sourceId" ->
                        changed.add(Map.entry(
                                field.getKey(),
                                Json.mapper()
                                        .getNodeFactory()
                                        .numberNode(field.getValue().asLong() == 2 ? failingSource : goodSource)));
                    case "storeId" ->
                        changed.add(Map.entry(
                                field.getKey(), Json.mapper().getNodeFactory().numberNode(storeId)));
                    default -> changed.add(Map.entry(field.getKey(), rewrite(field.getValue())));
                }
            }
            changed.forEach(e -> object.set(e.getKey(), e.getValue()));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, rewrite(array.get(i)));
            }
            return array;
        }
        if (node.isTextual() && node.asText().strip().startsWith("{")) {
            try {
                return new TextNode(Json.write(rewrite(Json.mapper().readTree(node.asText()))));
            } catch (IOException e) {
                return node;
            }
        }
        return node;
    }
}
