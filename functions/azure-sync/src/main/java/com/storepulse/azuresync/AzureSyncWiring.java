package com.storepulse.azuresync;

import com.storepulse.alerts.AppAlertPublisher;
import com.storepulse.cache.CacheInvalidation;
import com.storepulse.config.AppSettings;
import com.storepulse.config.Settings;
import com.storepulse.crypto.SecretBox;
import com.storepulse.db.Database;
import com.storepulse.db.DatabaseSettings;
import com.storepulse.lifecycle.GracefulShutdown;
import com.storepulse.observability.InvocationScope;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.observability.PowertoolsMetricsRecorder;
import com.storepulse.privacy.SubjectHashes;
import com.storepulse.privacy.Suppressions;
import com.storepulse.redis.RedisSettings;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.snapstart.SnapStartResources;
import com.storepulse.sync.SourceConnections;
import com.storepulse.sync.SourceSync;
import com.storepulse.sync.SyncSources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The function's objects, built once per instance during Lambda init (so SnapStart snapshots
 * them), by hand rather than by Micronaut: the jar cannot hold Micronaut beside the SQS and SNS
 * clients (docs/architecture.md, "Jar sizes"). The same lifetimes as the other functions'
 * {@code SharedBeans}: connections and secrets open lazily on first use; the database pool closes
 * before a snapshot. Settings: {@code SYNC_QUEUE_URL} (required), {@code ALERT_TOPIC_ARN} (none:
 * alerts are only logged), {@code SYNC_TIME_MARGIN}, {@code DATA_ENCRYPTION_KEY} (opens sealed source
 * passwords; read at first use), {@code SUPPRESSION_HASH_KEY} (matches the customers erased from a
 * store, docs/privacy.md; read at first use), {@code REDIS_URL} (none: no cache to invalidate).
 */
record AzureSyncWiring(InvocationScope scope, SyncCoordinator coordinator, Duration margin) {

    /** What Lambda's init builds (the local stack's too: it loads the handler the same way). */
    static AzureSyncWiring create() {
        Settings settings = AppSettings.load();
        PowertoolsMetricsRecorder metrics = PowertoolsMetricsRecorder.create(settings, SyncCoordinator.FUNCTION);
        GracefulShutdown.jvm().register("metrics", metrics::flush);
        Database database = new Database(() -> DatabaseSettings.from(settings));
        GracefulShutdown.jvm().register("database", database);
        SyncQueue queue = SyncQueue.from(settings);
        GracefulShutdown.jvm().register("sync-queue", queue::close);
        AppAlertPublisher alerts = AppAlertPublisher.from(settings);
        GracefulShutdown.jvm().register("alert-topic", alerts::close);
        CacheInvalidation cache = JedisCacheInvalidation.from(RedisSettings.from(settings), metrics);
        SyncCoordinator coordinator = coordinator(database, settings, cache, queue, alerts, metrics, Clock.systemUTC());
        SnapStartResources.builder()
                .database(database)
                .beforeCheckpoint(AppSettings::clearSecretCache)
                .beforeCheckpoint(AppSettings::closeSecretClients)
                .afterRestore(AppSettings::clearSecretCache)
                .primer("events", AzureSyncWiring::primeEventParsing)
                .build()
                .register();
        return new AzureSyncWiring(
                new InvocationScope(metrics),
                coordinator,
                settings.getDuration(AzureSyncHandler.MARGIN_SETTING, AzureSyncHandler.DEFAULT_MARGIN));
    }

    /** The coordinator as the function builds it; the tests build it the same way with stand-ins' clients. */
    static SyncCoordinator coordinator(
            Database database,
            Settings settings,
            CacheInvalidation cache,
            SyncQueue queue,
            AppAlertPublisher alerts,
            MetricsRecorder metrics,
            Clock clock) {
        StoreScoringService scoring = new StoreScoringService(database.jdbi(), cache);
        SyncSources sources = new SyncSources(
                database.jdbi(),
                SecretBox.fromSettings(settings),
                reference -> Optional.of(settings.resolve(reference)),
                clock);
        SourceSync sync = new SourceSync(
                database.jdbi(),
                sources,
                SourceConnections.DRIVER_MANAGER,
                new RescoreChangedCustomers(scoring, clock),
                new Suppressions(SubjectHashes.fromSettings(settings), metrics),
                clock,
                SourceSync.DEFAULT_BATCH_ROWS);
        return new SyncCoordinator(
                sync,
                sources,
                new SyncHistory(database.jdbi()),
                scoring,
                queue,
                alerts,
                metrics,
                clock,
                database.jdbi());
    }

    /**
     * SnapStart priming: reads each kind of event the function takes (Jackson, the parsers), without
     * touching the database, the queue or a source.
     */
    private static void primeEventParsing() {
        SyncEvent.parse(("{\"version\":\"0\",\"id\":\"primer\",\"detail-type\":\"Scheduled Event\","
                        + "\"source\":\"aws.scheduler\",\"resources\":[],\"detail\":{}}")
                .getBytes(StandardCharsets.UTF_8));
        SyncEvent.parse(("{\"Records\":[{\"messageId\":\"primer\",\"eventSource\":\"aws:sqs\","
                        + "\"attributes\":{\"ApproximateReceiveCount\":\"1\"},\"body\":"
                        + "\"{\\\"sourceId\\\":1,\\\"mode\\\":\\\"incremental\\\",\\\"reason\\\":\\\"schedule\\\"}\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        SyncEvent.parse("{\"mode\":\"full\",\"sourceId\":1}".getBytes(StandardCharsets.UTF_8));
        SyncEvent.parse("{\"storeId\":1,\"job\":\"rescore\"}".getBytes(StandardCharsets.UTF_8));
    }
}
