package com.storepulse.azuresync;

import com.storepulse.alerts.AppAlert;
import com.storepulse.alerts.AppAlertPublisher;
import com.storepulse.db.TenantDirectory;
import com.storepulse.db.TenantScope;
import com.storepulse.errors.DependencyUnavailableException;
import com.storepulse.errors.UnknownStoreException;
import com.storepulse.errors.ValidationException;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.scoring.ScoringRun;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.sync.SourceSync;
import com.storepulse.sync.SyncDeadline;
import com.storepulse.sync.SyncOutcome;
import com.storepulse.sync.SyncSources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the azure-sync function does with each of its events, without Lambda:
 *
 * <ul>
 *   <li>{@link #fanOut}, the schedule's tick: one queue message per active source, and each source's
 *       seconds since its last completed sync as a metric. No source is synced here, so one slow
 *       source never delays another: each message is its own invocation.
 *   <li>{@link #run}, a queue message or a manual invoke: the source is synced until caught up or
 *       out of time. Out of time, the continuation is queued at once. A failure is recorded by the
 *       sync, published as an app alert and then thrown, so the queue retries the message and
 *       finally moves it to its dead-letter queue. Another run holding the source, or a paused or
 *       deleted source, is a quiet success.
 *   <li>{@link #fanOutRescoring}, the daily scoring schedule's tick: one queue message per store
 *       with live customers and no whole-store scoring in the last {@link #RESCORE_AFTER}, webhook-
 *       only stores included, whose scores nothing else moves on.
 *   <li>{@link #rescore}, such a message or an operator's invoke: every customer of the store is
 *       rescored as of now (refitted when the refit rule says so). A failure is counted and thrown:
 *       retried, then dead-lettered (the DLQ's alarm pages).
 * </ul>
 */
public final class SyncCoordinator {

    static final String SOURCE_DIMENSION = "SourceId";
    static final String REASON_DIMENSION = "Reason";
    /** The runbook section an alert and the alarms point to (docs/operations/runbook.md). */
    static final String RUNBOOK_ANCHOR = "sync-failed";

    static final String FUNCTION = "azure-sync";

    /**
     * A store whose last whole-store scoring is older than this is rescored by the daily tick: under
     * a day, so a tick a little early or late still takes every store once a day.
     */
    static final Duration RESCORE_AFTER = Duration.ofHours(20);

    private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);

    private final SourceSync sync;
    private final SyncSources sources;
    private final SyncHistory history;
    private final StoreScoringService scoring;
    private final SyncQueue queue;
    private final AppAlertPublisher alerts;
    private final MetricsRecorder metrics;
    private final Clock clock;
    private final Jdbi jdbi;

    public SyncCoordinator(
            SourceSync sync,
            SyncSources sources,
            SyncHistory history,
            StoreScoringService scoring,
            SyncQueue queue,
            AppAlertPublisher alerts,
            MetricsRecorder metrics,
            Clock clock,
            Jdbi jdbi) {
        this.jdbi = jdbi;
        this.sync = sync;
        this.sources = sources;
        this.history = history;
        this.scoring = scoring;
        this.queue = queue;
        this.alerts = alerts;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What the schedule's tick did. */
    public record FanOut(int queued, List<Long> sourceIds, long oldestSecondsSinceSuccess) {}

    /**
     * Queues one incremental sync per active source. A source whose message could not be queued
     * does not stop the others; the tick then fails (with every source tried) so the schedule's
     * retry or the next tick queues it.
     */
    public FanOut fanOut() {
        // Over every tenant, each tenant's sources read as that tenant (row-level security).
        // A set: the owner (and a database before V21) sees every tenant's sources in each pass.
        Set<Long> all = new TreeSet<>();
        Map<Long, Instant> lastSuccess = new HashMap<>();
        for (long tenant : TenantDirectory.tenantsWithStores(jdbi)) {
            TenantScope.run(tenant, () -> {
                List<Long> own = sources.activeSourceIds();
                all.addAll(own);
                lastSuccess.putAll(history.lastSuccessOrRegistration(own));
            });
        }
        List<Long> ids = List.copyOf(all);
        Instant now = clock.instant();
        long oldest = 0;
        for (long id : ids) {
            Instant since = lastSuccess.get(id);
            if (since != null) {
                long seconds = Math.max(0, Duration.between(since, now).toSeconds());
                oldest = Math.max(oldest, seconds);
                metrics.seconds(
                        MetricNames.SYNC_SECONDS_SINCE_SUCCESS, seconds, Map.of(SOURCE_DIMENSION, Long.toString(id)));
            }
        }
        metrics.seconds(MetricNames.SYNC_SECONDS_SINCE_SUCCESS, oldest, Map.of());
        List<Long> queued = sendEach(
                ids,
                id -> new SyncRequest(id, com.storepulse.sync.SyncMode.INCREMENTAL, SyncRequest.Reason.SCHEDULE),
                "schedule");
        LOG.info("sync schedule: {} of {} active sources queued", queued.size(), ids.size());
        return new FanOut(queued.size(), queued, oldest);
    }

    /** What the scoring schedule's tick did. */
    public record RescoreFanOut(int queued, List<Long> storeIds) {}

    /**
     * Queues one rescoring per store due ({@link StoreScoringService#storesDueForRescoring}). As in
     * {@link #fanOut}, a store that could not be queued fails the tick after every store was tried.
     */
    public RescoreFanOut fanOutRescoring() {
        Instant before = clock.instant().minus(RESCORE_AFTER);
        Set<Long> due = new TreeSet<>(); // a set, as in fanOut
        for (long tenant : TenantDirectory.tenantsWithStores(jdbi)) {
            due.addAll(TenantScope.call(tenant, () -> scoring.storesDueForRescoring(before)));
        }
        List<Long> stores = List.copyOf(due);
        List<Long> queued =
                sendEach(stores, id -> new RescoreRequest(id, false, SyncRequest.Reason.SCHEDULE), "rescore");
        LOG.info("scoring schedule: {} of {} stores due queued", queued.size(), stores.size());
        return new RescoreFanOut(queued.size(), queued);
    }

    private List<Long> sendEach(List<Long> ids, LongFunction<QueuedWork> work, String reason) {
        List<Long> queued = new ArrayList<>();
        DependencyUnavailableException firstFailure = null;
        for (long id : ids) {
            try {
                queue.send(work.apply(id));
                queued.add(id);
            } catch (DependencyUnavailableException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        metrics.count(MetricNames.SYNC_QUEUED, queued.size(), Map.of(REASON_DIMENSION, reason));
        if (firstFailure != null) {
            throw firstFailure;
        }
        return List.copyOf(queued);
    }

    /** What a rescoring did ({@code status} {@code rescored}, or {@code no-such-store}). */
    public record RescoreReport(
            long storeId,
            String reason,
            String status,
            int customersScored,
            boolean refitted,
            String fitStatus,
            long durationMillis) {}

    /**
     * Rescores the store as of now. A store deleted since the tick is a quiet success; any other
     * failure is counted and thrown, so the message is retried and finally dead-lettered.
     */
    public RescoreReport rescore(RescoreRequest request) {
        OptionalLong tenant = TenantDirectory.ofStore(jdbi, request.storeId());
        if (tenant.isEmpty()) {
            LOG.info("{}: the store no longer exists", request.describe());
            return new RescoreReport(request.storeId(), request.reason().json(), "no-such-store", 0, false, null, 0);
        }
        return TenantScope.call(tenant.getAsLong(), () -> rescoreAsTenant(request));
    }

    private RescoreReport rescoreAsTenant(RescoreRequest request) {
        ScoringRun run;
        try {
            run = scoring.rescoreStore(request.storeId(), clock.instant(), request.refit());
        } catch (UnknownStoreException e) {
            LOG.info("{}: the store no longer exists", request.describe());
            return new RescoreReport(request.storeId(), request.reason().json(), "no-such-store", 0, false, null, 0);
        } catch (RuntimeException e) {
            metrics.count(MetricNames.STORE_RESCORING_FAILED);
            LOG.error("{} failed: {}", request.describe(), e.getClass().getSimpleName());
            throw e;
        }
        metrics.count(MetricNames.STORE_RESCORED);
        RescoreReport report = new RescoreReport(
                run.storeId(),
                request.reason().json(),
                "rescored",
                run.customersScored(),
                run.refitted(),
                run.fitStatus().name(),
                run.duration().toMillis());
        LOG.info(
                "{}: {} customers scored{} in {} ms",
                request.describe(),
                report.customersScored(),
                report.refitted() ? ", refitted" : "",
                report.durationMillis());
        return report;
    }

    /**
     * Syncs one source. Returns the outcome unless the run failed, in which case the failure is
     * alerted and thrown as {@link SourceSyncFailedException}.
     */
    public SyncOutcome run(SyncRequest request, SyncDeadline deadline) {
        // As the source's tenant; a source that does not exist is found by nobody (SOURCE_NOT_ACTIVE).
        OptionalLong tenant = TenantDirectory.ofSyncSource(jdbi, request.sourceId());
        return tenant.isEmpty()
                ? runAsTenant(request, deadline)
                : TenantScope.call(tenant.getAsLong(), () -> runAsTenant(request, deadline));
    }

    private SyncOutcome runAsTenant(SyncRequest request, SyncDeadline deadline) {
        SyncOutcome outcome = sync.run(request.sourceId(), request.mode(), deadline);
        switch (outcome.status()) {
            case COMPLETED, STOPPED_FOR_TIME, FAILED -> {
                metrics.count(MetricNames.SYNC_ROWS_SYNCED, outcome.rowsWritten(), Map.of());
                metrics.milliseconds(
                        MetricNames.SYNC_RUN_DURATION, outcome.duration().toMillis(), Map.of());
            }
            case ALREADY_RUNNING, SOURCE_NOT_ACTIVE -> {}
        }
        LOG.info(RunReport.of(request, outcome).describe());
        switch (outcome.status()) {
            case STOPPED_FOR_TIME -> {
                queue.send(request.continuation());
                metrics.count(MetricNames.SYNC_QUEUED, 1, Map.of(REASON_DIMENSION, "continuation"));
            }
            case FAILED -> {
                metrics.count(MetricNames.SYNC_FAILED);
                publish(failing(outcome));
                throw new SourceSyncFailedException(outcome);
            }
            case COMPLETED -> {
                if (history.failedSinceLastCompleted(outcome.sourceId(), outcome.runId())) {
                    publish(resolved(outcome));
                }
            }
            case ALREADY_RUNNING, SOURCE_NOT_ACTIVE -> {}
        }
        return outcome;
    }

    private void publish(AppAlert alert) {
        try {
            alerts.publish(alert);
        } catch (DependencyUnavailableException e) {
            // The run's own outcome decides the invocation; the publisher has logged why.
            LOG.warn("sync alert {} not published", alert.fingerprint());
        }
    }

    static String fingerprint(long sourceId) {
        return "sync-source-failing:" + sourceId;
    }

    private static String title(long sourceId) {
        return "Azure SQL sync failing for source " + sourceId;
    }

    private static AppAlert failing(SyncOutcome outcome) {
        String reason = outcome.failure().orElse("no reason recorded");
        String details = "Run " + outcome.runId() + " failed: " + reason;
        try {
            return AppAlert.firing(
                    AppAlert.Severity.P2,
                    title(outcome.sourceId()),
                    truncate(details),
                    fingerprint(outcome.sourceId()),
                    RUNBOOK_ANCHOR,
                    FUNCTION);
        } catch (ValidationException e) {
            // The reason quotes something an alert may not carry (an e-mail address as a login name).
            return AppAlert.firing(
                    AppAlert.Severity.P2,
                    title(outcome.sourceId()),
                    "Run " + outcome.runId() + " failed; the reason is in sync_run and the function's log.",
                    fingerprint(outcome.sourceId()),
                    RUNBOOK_ANCHOR,
                    FUNCTION);
        }
    }

    private static AppAlert resolved(SyncOutcome outcome) {
        return AppAlert.resolved(
                AppAlert.Severity.P2,
                title(outcome.sourceId()),
                "Run " + outcome.runId() + " completed.",
                fingerprint(outcome.sourceId()),
                RUNBOOK_ANCHOR,
                FUNCTION);
    }

    private static String truncate(String details) {
        return details.length() <= AppAlert.MAX_DETAILS
                ? details
                : details.substring(0, AppAlert.MAX_DETAILS - 3) + "...";
    }
}
