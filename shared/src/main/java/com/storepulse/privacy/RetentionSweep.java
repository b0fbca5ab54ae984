package com.storepulse.privacy;

import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import com.storepulse.db.TenantScope;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what StorePulse keeps only for a while (docs/privacy.md "Retention"), on a schedule: the
 * usage-flush function runs it at every tick (every 5 minutes), so it does not depend on traffic.
 * Each run deletes, per table, at most {@value #BATCH} rows per store (or tenant, or for the
 * operator tables in all), oldest first, so a backlog is worked off over a few ticks and no run holds
 * long locks. The tenant-owned tables are swept store by store (tenant by tenant), every statement
 * filtered by its store or tenant, as every other query is.
 *
 * <table>
 *   <tr><th>table</th><th>kept</th><th>setting</th></tr>
 *   <tr><td>webhook_event (raw events)</td><td>30 days</td><td>WEBHOOK_EVENT_RETENTION</td></tr>
 *   <tr><td>sync_run, sync_run_table (run ledger)</td><td>90 days, and always each source's latest run
 *       and latest completed run</td><td>SYNC_RUN_RETENTION</td></tr>
 *   <tr><td>api_key_usage_daily (metered usage)</td><td>400 days</td><td>USAGE_RETENTION</td></tr>
 *   <tr><td>alert_notice, alert_batch, resolved alert_incident, ended alert_silence (alert history)</td>
 *       <td>90 days</td><td>ALERT_HISTORY_RETENTION</td></tr>
 * </table>
 *
 * The sync's staging tables need no sweep: they are temporary tables of the sync's own session,
 * emptied by every commit.
 */
public final class RetentionSweep {

    /** Rows per table and store (or tenant, or run) that one run deletes at most. */
    public static final int BATCH = 5_000;

    public static final String WEBHOOK_EVENT_RETENTION = "WEBHOOK_EVENT_RETENTION";
    public static final String SYNC_RUN_RETENTION = "SYNC_RUN_RETENTION";
    public static final String USAGE_RETENTION = "USAGE_RETENTION";
    public static final String ALERT_HISTORY_RETENTION = "ALERT_HISTORY_RETENTION";

    /** How long each kind of row is kept. */
    public record Periods(Duration webhookEvents, Duration syncRuns, Duration usage, Duration alertHistory) {

        public static final Periods DEFAULTS =
                new Periods(Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(400), Duration.ofDays(90));

        public Periods {
            for (Duration keep : List.of(webhookEvents, syncRuns, usage, alertHistory)) {
                if (keep.compareTo(Duration.ofDays(1)) < 0) {
                    throw new ConfigurationException("retention periods (" + WEBHOOK_EVENT_RETENTION + ", "
                            + SYNC_RUN_RETENTION + ", " + USAGE_RETENTION + ", " + ALERT_HISTORY_RETENTION
                            + ") must be at least a day");
                }
            }
        }

        public static Periods from(Settings settings) {
            return new Periods(
                    settings.getDuration(WEBHOOK_EVENT_RETENTION, DEFAULTS.webhookEvents()),
                    settings.getDuration(SYNC_RUN_RETENTION, DEFAULTS.syncRuns()),
                    settings.getDuration(USAGE_RETENTION, DEFAULTS.usage()),
                    settings.getDuration(ALERT_HISTORY_RETENTION, DEFAULTS.alertHistory()));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

    private final Jdbi jdbi;
    private final Periods periods;
    private final MetricsRecorder metrics;
    private final int batch;

    public RetentionSweep(Jdbi jdbi, Periods periods, MetricsRecorder metrics) {
        this(jdbi, periods, metrics, BATCH);
    }

    /** With a batch of its own (tests show the bound). */
    public RetentionSweep(Jdbi jdbi, Periods periods, MetricsRecorder metrics, int batch) {
        this.jdbi = jdbi;
        this.periods = periods;
        this.metrics = metrics;
        this.batch = batch;
    }

    /** One run: the rows it deleted, per table (each table named, 0 included). */
    public Map<String, Integer> sweep() {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (String table : List.of(
                "webhook_event",
                "sync_run",
                "sync_run_table",
                "api_key_usage_daily",
                "alert_notice",
                "alert_batch",
                "alert_incident",
                "alert_silence")) {
            deleted.put(table, 0);
        }
        List<long[]> stores = jdbi.withHandle(h -> h.createQuery(sql("stores"))
                .map((rs, ctx) -> new long[] {rs.getLong("store_id"), rs.getLong("tenant_id")})
                .list());
        // Row-level security: each store's rows are swept as its tenant, each tenant's usage as it.
        for (long[] store : stores) {
            long storeId = store[0];
            TenantScope.run(store[1], () -> sweepStore(deleted, storeId));
        }
        stores.stream()
                .mapToLong(s -> s[1])
                .distinct()
                .forEach(tenantId -> add(
                        deleted,
                        "api_key_usage_daily",
                        TenantScope.call(
                                tenantId,
                                () -> jdbi.withHandle(h -> h.createUpdate(sql("usage"))
                                        .bind("tenantId", tenantId)
                                        .bind("keep", interval(periods.usage()))
                                        .bind("batch", batch)
                                        .execute()))));
        jdbi.useHandle(h -> {
            for (String table : List.of("alert_notice", "alert_batch", "alert_incident", "alert_silence")) {
                add(deleted, table, alertHistory(h, table));
            }
        });
        deleted.forEach((table, rows) -> {
            if (rows > 0) {
                metrics.count(MetricNames.RETENTION_EXPIRED, rows, Map.of("Table", table));
            }
        });
        if (deleted.values().stream().anyMatch(rows -> rows > 0)) {
            LOG.info("retention: deleted expired rows {}", deleted);
        }
        return deleted;
    }

    private void sweepStore(Map<String, Integer> deleted, long storeId) {
        add(
                deleted,
                "webhook_event",
                jdbi.withHandle(h -> h.createUpdate(sql("webhookEvents"))
                        .bind("storeId", storeId)
                        .bind("keep", interval(periods.webhookEvents()))
                        .bind("batch", batch)
                        .execute()));
        jdbi.useTransaction(h -> {
            int[] runs = h.createQuery(sql("syncRuns"))
                    .bind("storeId", storeId)
                    .bind("keep", interval(periods.syncRuns()))
                    .bind("batch", batch)
                    .map((rs, ctx) -> new int[] {rs.getInt("runs"), rs.getInt("tables")})
                    .one();
            add(deleted, "sync_run", runs[0]);
            add(deleted, "sync_run_table", runs[1]);
        });
    }

    private int alertHistory(Handle h, String table) {
        String name = switch (table) {
            case "alert_notice" -> "alertNotices";
            case "alert_batch" -> "alertBatches";
            case "alert_incident" -> "alertIncidents";
            default -> "alertSilences";
        };
        return h.createUpdate(sql(name))
                .bind("keep", interval(periods.alertHistory()))
                .bind("batch", batch)
                .execute();
    }

    private static void add(Map<String, Integer> deleted, String table, int rows) {
        deleted.merge(table, rows, Integer::sum);
    }

    private static String interval(Duration keep) {
        return keep.toSeconds() + " seconds";
    }

    private static String sql(String name) {
        return SQL.locate(RetentionSweep.class, name);
    }
}
