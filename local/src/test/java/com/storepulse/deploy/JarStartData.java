package com.storepulse.deploy;

import com.storepulse.auth.ApiKeys;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.config.SecretResolver;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.demodata.DemoApiKeys;
import com.storepulse.demodata.DemoDataGenerator;
import com.storepulse.demodata.DemoDataOptions;
import com.storepulse.demodata.DemoDataScale;
import com.storepulse.demodata.DemoWebhookSource;
import com.storepulse.demodata.LoadReport;
import com.storepulse.json.Json;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.sync.SourceFixture;
import com.storepulse.sync.SyncSources;
import com.storepulse.sync.SyncTestSupport;
import com.storepulse.testing.AwsStandIn;
import com.storepulse.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.opentest4j.TestAbortedException;

/**
 * The data the deployed jars meet in {@link DeployedJarsStartTest}: a database of its own with the
 * migrations, the small demo data set, scored, and a live demo API key, as the local stack starts.
 * The sample events in events/ carry a placeholder where a reader puts the key the local stack
 * printed; here the test's own key takes its place, so an authenticated route runs its whole path
 * (key lookup, repository SQL, cursor codec, JSON) from the jar's classes instead of stopping at 401.
 * Likewise the webhook samples meet their source ({@link #seedWebhookSource}), so they are applied
 * instead of stopping at 404.
 * The alert-fanout jar gets a routing of its own ({@link #alertRouting}) to webhooks on the Slack
 * stand-in.
 */
final class JarStartData {

    /** The placeholder the sample events carry in {@code x-api-key}. */
    static final String DEMO_KEY_PLACEHOLDER = "sp_live_demo0001_REPLACEWITHYOURDEMOKEYFROMSTARTUP";

    private static JarStartData instance;

    /**
     * The secret events/webhook-intake-*.json are signed with: the Standard Webhooks specification's
     * published test secret, so a reader can check a sample's signature by hand.
     */
    static final String SAMPLE_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final String jdbcUrl;
    private final String demoKey;
    private final String dataEncryptionKey;

    private JarStartData(String jdbcUrl, String demoKey, String dataEncryptionKey) {
        this.jdbcUrl = jdbcUrl;
        this.demoKey = demoKey;
        this.dataEncryptionKey = dataEncryptionKey;
    }

    static synchronized JarStartData get() {
        if (instance == null) {
            String url = TestDatabase.createEmptyDatabase("sp_jarstart");
            String key = ApiKeys.generate().key();
            String dataEncryptionKey = SecretBox.newKey();
            try (Database database = TestDatabase.open(url, 2)) {
                Migrations.migrate(database.dataSource());
                LoadReport loaded = new DemoDataGenerator(DemoDataOptions.of(DemoDataScale.small()), line -> {})
                        .load(database.jdbi());
                new StoreScoringService(database.jdbi(), CacheInvalidation.NONE).scoreUnscoredStores(loaded.dataEnd());
                if (!DemoApiKeys.install(database.jdbi(), key)) {
                    throw new AssertionError("the demo data set has no demo tenant to give a key to");
                }
                seedWebhookSource(database.jdbi(), dataEncryptionKey);
            }
            instance = new JarStartData(url, key, dataEncryptionKey);
        }
        return instance;
    }

    /**
     * The webhook samples' source: the local stack's demo source ({@code /v1/webhooks/demo}, Standard
     * Webhooks, the demo tenant's first store) with the secret that signed them, sealed under the
     * data key the jars are given ({@link #dataEncryptionKey}).
     */
    private static void seedWebhookSource(Jdbi jdbi, String dataEncryptionKey) {
        SecretBox box = SecretBox.ofKeys(Base64.getDecoder().decode(dataEncryptionKey));
        if (DemoWebhookSource.install(jdbi, box, SAMPLE_WEBHOOK_SECRET).isEmpty()) {
            throw new AssertionError("the demo data set has no demo store for the webhook samples' source");
        }
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** DATA_ENCRYPTION_KEY of the jars: the key this database's webhook secrets are sealed with. */
    String dataEncryptionKey() {
        return dataEncryptionKey;
    }

    private static AwsStandIn aws;
    private static SourceFixture syncSource;
    private static long syncStoreId;

    /**
     * What the azure-sync jar meets: SQS and SNS on one stand-in (its real SDK clients, through
     * {@code AWS_ENDPOINT_URL_SQS}/{@code _SNS} and test credentials), and two sync sources.
     * Source 1, which the queue-message and manual-resync samples name, is a MariaDB database in the
     * default layout (the machine's MariaDB; the jar carries MariaDB's driver beside SQL Server's),
     * registered for a store of its own: the samples run real syncs through the jar's classes, and
     * {@link #assertSyncSourceArrived} compares the store with the source column by column. Without
     * a MariaDB (a laptop) source 1 is a paused H2 URL and the samples answer SOURCE_NOT_ACTIVE; in
     * CI a missing MariaDB fails. Source 2, an unreachable SQL Server, is active: the scheduled sample
     * queues both through the jar's SQS client to the stand-in.
     */
    static synchronized Map<String, String> awsAndSyncSources() {
        if (aws == null) {
            JarStartData data = get();
            try (Database database = TestDatabase.open(data.jdbcUrl, 1)) {
                SyncSources sources = new SyncSources(
                        database.jdbi(),
                        SecretBox.ofKeys(Base64.getDecoder().decode(data.dataEncryptionKey)),
                        SecretResolver.NONE,
                        Clock.systemUTC());
                long[] own = SyncTestSupport.tenantAndStore(database);
                syncStoreId = own[1];
                try {
                    syncSource = SourceFixture.mariadb();
                    syncSource.seed(20261207L, 60, 240);
                } catch (TestAbortedException noMariaDb) {
                    System.out.println(
                            "jar-start: azure-sync's samples meet a paused source: " + noMariaDb.getMessage());
                }
                long first = syncSource != null
                        ? sources.register(
                                        own[0], own[1], syncSource.registeredUrl(), null, null, Map.of(), "modifiedAt")
                                .id()
                        : sources.register(
                                        own[0],
                                        own[1],
                                        "jdbc:h2:mem:jar-start-source-1",
                                        "sa",
                                        null,
                                        Map.of(),
                                        "modifiedAt")
                                .id();
                if (first != 1) {
                    throw new AssertionError(
                            "azure-sync's samples name source 1, but the first source registered is " + first);
                }
                if (syncSource == null) {
                    sources.setPaused(own[0], first, true);
                }
                sources.register(
                        own[0],
                        own[1],
                        "jdbc:sqlserver://127.0.0.1:1;databaseName=jarstart;encrypt=false",
                        "sa",
                        null,
                        Map.of(),
                        "rowversion");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot seed azure-sync's MariaDB source", e);
            }
            aws = new AwsStandIn();
            Runtime.getRuntime().addShutdownHook(new Thread(aws::close));
        }
        return Map.of(
                "AWS_ENDPOINT_URL_SQS",
                aws.baseUrl(),
                "AWS_ENDPOINT_URL_SNS",
                aws.baseUrl(),
                "AWS_ACCESS_KEY_ID",
                "jar-start",
                "AWS_SECRET_ACCESS_KEY",
                "jar-start");
    }

    /**
     * After azure-sync's samples, when source 1 is a real MariaDB: its store equals the source, every
     * live row in every column (the queue message's incremental run, then the manual full resync).
     */
    static synchronized void assertSyncSourceArrived(String function) throws java.sql.SQLException {
        if (!"azure-sync".equals(function) || syncSource == null) {
            return;
        }
        try (Database database = TestDatabase.open(get().jdbcUrl, 1)) {
            SourceFixture.Digest store = SourceFixture.digest(database.jdbi(), syncStoreId);
            if (!syncSource.digest().equals(store)) {
                throw new AssertionError("azure-sync's samples did not bring source 1 into its store: source "
                        + syncSource.digest() + ", store " + store);
            }
        }
    }

    /** After azure-sync's samples: its scheduled sample queued the active source through the jar's SQS client. */
    static synchronized void assertSyncScheduleQueued(String function) {
        if ("azure-sync".equals(function) && queuedMessages() == 0) {
            throw new AssertionError("azure-sync's scheduled sample queued nothing on the SQS stand-in");
        }
    }

    /** How many messages the jars queued so far (the sync schedule's fan-out). */
    static synchronized int queuedMessages() {
        return aws == null ? 0 : aws.sentMessages().size();
    }

    /** Whether an event expects the demo key (and so a 2xx, not a 401). */
    static boolean namesDemoKey(byte[] event) {
        return new String(event, StandardCharsets.UTF_8).contains(DEMO_KEY_PLACEHOLDER);
    }

    /** The event as sent to the function: the placeholder key replaced by this run's demo key. */
    byte[] withDemoKey(byte[] event) {
        return new String(event, StandardCharsets.UTF_8)
                .replace(DEMO_KEY_PLACEHOLDER, demoKey)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The Slack channel every alert goes to in {@link #alertRouting}. */
    static final String ALERTS_CHANNEL = "alerts";
    /** The channel that P0 and P1 alerts also go to. */
    static final String ONCALL_CHANNEL = "oncall";

    /**
     * The alert-fanout jar's routing (ALERT_ROUTING, docs/operations/alerting.md "Routing"): two
     * webhooks on the Slack stand-in, every alert to {@value #ALERTS_CHANNEL} and P0/P1 to
     * {@value #ONCALL_CHANNEL} as well, so a sample alarm runs the configured routing from the jar
     * and its message must reach each of its channels.
     */
    static String alertRouting() {
        Map<String, Object> routing = new LinkedHashMap<>();
        routing.put(
                "webhooks",
                Map.of(
                        ALERTS_CHANNEL, SlackStandIn.url(ALERTS_CHANNEL),
                        ONCALL_CHANNEL, SlackStandIn.url(ONCALL_CHANNEL)));
        routing.put(
                "routes",
                List.of(
                        Map.of("severities", List.of("P0", "P1"), "webhooks", List.of(ALERTS_CHANNEL, ONCALL_CHANNEL)),
                        Map.of("webhooks", List.of(ALERTS_CHANNEL))));
        return Json.write(routing);
    }
}
