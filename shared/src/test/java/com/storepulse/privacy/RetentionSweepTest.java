package com.storepulse.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.auth.AccessFixtures;
import com.storepulse.cache.RecordingMetrics;
import com.storepulse.config.ConfigurationException;
import com.storepulse.db.Database;
import com.storepulse.ingest.BulkApplier;
import com.storepulse.ingest.StagingCopy;
import com.storepulse.observability.MetricNames;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * Each table with a retention period (docs/privacy.md "Retention") loses exactly its rows past the
 * period, a bounded batch at a time, and keeps the rest; the sync's staging keeps nothing past a commit.
 */
class RetentionSweepTest {

    private static final Database DATABASE = TestDatabase.shared();

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RetentionSweep sweep =
            new RetentionSweep(DATABASE.jdbi(), RetentionSweep.Periods.DEFAULTS, metrics, 2);

    private long count(String sql, Object... values) {
        return DATABASE.jdbi().withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < values.length; i++) {
                query.bind(i, values[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    private void execute(String sql, Object... values) {
        DATABASE.jdbi().useHandle(h -> h.execute(sql, values));
    }

    @Test
    void rawWebhookEventsGoAfterThirtyDaysABoundedBatchAtATime() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        for (int days : new int[] {45, 40, 31, 29, 1}) {
            execute(
                    "INSERT INTO webhook_event (store_id, source, external_event_id, event_type, status, body, received_at)"
                            + " VALUES (?, 'src', ?, 'customer.created', 'applied', '{}', now() - make_interval(days => ?))",
                    store.storeId,
                    "ev-" + days,
                    days);
        }
        String left = "SELECT count(*) FROM webhook_event WHERE store_id = ?";

        assertTrue(sweep.sweep().get("webhook_event") >= 2);
        assertEquals(3, count(left, store.storeId), "the two oldest first (a batch of 2)");
        assertEquals(0, count(left + " AND external_event_id IN ('ev-45', 'ev-40')", store.storeId));
        sweep.sweep();
        assertEquals(2, count(left, store.storeId), "then the rest past 30 days");
        assertEquals(2, count(left + " AND external_event_id IN ('ev-29', 'ev-1')", store.storeId));
        assertTrue(metrics.total(MetricNames.RETENTION_EXPIRED) >= 3);
    }

    @Test
    void syncStagingKeepsNothingPastTheBatchsCommit() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        BulkApplier applier = new BulkApplier();
        try (Handle session = DATABASE.jdbi().open()) {
            session.useTransaction(h -> {
                StagingCopy copy = applier.stageCustomers(h);
                copy.text("staged-" + store.tag)
                        .text("staged@example.com")
                        .text("Staged")
                        .text("Row")
                        .timestamp(null)
                        .timestamp(Instant.now())
                        .bool(false);
                copy.endRow();
                applier.applyCustomers(h, store.storeId, copy);
                assertEquals(
                        1L,
                        h.createQuery("SELECT count(*) FROM stage_customer")
                                .mapTo(Long.class)
                                .one());
            });
            assertEquals(
                    0L,
                    session.createQuery("SELECT count(*) FROM stage_customer")
                            .mapTo(Long.class)
                            .one(),
                    "emptied by the commit, in the session that staged it");
            assertEquals(
                    "t",
                    session.createQuery(
                                    "SELECT relpersistence::text FROM pg_class WHERE oid = 'stage_customer'::regclass")
                            .mapTo(String.class)
                            .one(),
                    "a temporary table: no other session sees it, it goes with the session");
        }
        assertEquals(
                0,
                count("SELECT count(*) FROM pg_class WHERE relname LIKE 'stage\\_%' AND relpersistence <> 't'"),
                "no permanent staging table exists");
    }

    @Test
    void syncRunsGoAfterNinetyDaysButEachSourceKeepsItsLatestAndLatestCompletedRun() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        long source = syncSource(store);
        long quiet = syncSource(store);
        long[] runs = new long[5];
        String[][] shape = {
            {"completed", "120"}, {"failed", "110"}, {"completed", "100"}, {"failed", "95"}, {"failed", "1"}
        };
        for (int i = 0; i < shape.length; i++) {
            runs[i] = run(store, source, shape[i][0], Integer.parseInt(shape[i][1]));
            execute("INSERT INTO sync_run_table (sync_run_id, source_table) VALUES (?, 'customers')", runs[i]);
        }
        long running = run(store, quiet, "running", 200);

        new RetentionSweep(DATABASE.jdbi(), RetentionSweep.Periods.DEFAULTS, metrics).sweep();

        assertEquals(
                List.of(runs[2], runs[4], running),
                DATABASE.jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT sync_run_id FROM sync_run WHERE store_id = :s ORDER BY sync_run_id")
                                .bind("s", store.storeId)
                                .mapTo(Long.class)
                                .list()),
                "the last completed run (lag, status page), the latest run, a running one; the rest past 90 days gone");
        assertEquals(
                2,
                count("SELECT count(*) FROM sync_run_table WHERE sync_run_id IN ("
                        + java.util.Arrays.stream(runs)
                                .mapToObj(Long::toString)
                                .collect(java.util.stream.Collectors.joining(", "))
                        + ")"),
                "their per-table counts go with them");
    }

    @Test
    void meteredUsageGoesAfterFourHundredDays() {
        PrivacyFixture store = new PrivacyFixture(DATABASE);
        long key =
                new AccessFixtures(DATABASE).key(store.tenantId, "usage:read").id();
        for (int days : new int[] {420, 401, 399, 0}) {
            execute(
                    "INSERT INTO api_key_usage_daily (api_key_id, usage_date, route, request_count)"
                            + " VALUES (?, CAST(now() AS date) - ?, 'GET /v1/usage', 1)",
                    key,
                    days);
        }

        new RetentionSweep(DATABASE.jdbi(), RetentionSweep.Periods.DEFAULTS, metrics).sweep();

        assertEquals(
                List.of(0, 399),
                DATABASE.jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT CAST(now() AS date) - usage_date FROM api_key_usage_daily WHERE api_key_id = :k ORDER BY 1")
                                .bind("k", key)
                                .mapTo(Integer.class)
                                .list()));
    }

    @Test
    void alertHistoryGoesAfterNinetyDaysWhatIsStillOpenOrInForceStays() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (int days : new int[] {91, 89}) {
            execute(
                    "INSERT INTO alert_notice (message_id, group_key, fingerprint, state, notify, notice, received_at)"
                            + " VALUES (?, 'g', 'f', 'firing', true, '{}', now() - make_interval(days => ?))",
                    tag + "-" + days,
                    days);
            execute(
                    "INSERT INTO alert_batch (group_key, webhook, kind, payload, alerts, created_at, sent_at)"
                            + " VALUES (?, 'w', 'notify', '{}', 1, now() - make_interval(days => ?), now() - make_interval(days => ?))",
                    tag + "-" + days,
                    days,
                    days);
            execute(
                    "INSERT INTO alert_incident (fingerprint, severity, started_at, resolved_at)"
                            + " VALUES (?, 'P2', now() - make_interval(days => ?), now() - make_interval(days => ?))",
                    tag + "-" + days,
                    days + 1,
                    days);
            execute(
                    "INSERT INTO alert_silence (fingerprint, ends_at, comment, created_by, created_at)"
                            + " VALUES (?, now() - make_interval(days => ?), 'c', 'test', now() - make_interval(days => 200))",
                    tag + "-" + days,
                    days);
        }
        execute(
                "INSERT INTO alert_incident (fingerprint, severity, started_at) VALUES (?, 'P1', now() - interval '300 days')",
                tag + "-open");
        execute(
                "INSERT INTO alert_silence (fingerprint, ends_at, comment, created_by, created_at)"
                        + " VALUES (?, now() + interval '1 day', 'c', 'test', now() - interval '300 days')",
                tag + "-on");

        new RetentionSweep(DATABASE.jdbi(), RetentionSweep.Periods.DEFAULTS, metrics).sweep();

        String like = tag + "-%";
        assertEquals(List.of(tag + "-89"), ids("SELECT message_id FROM alert_notice WHERE message_id LIKE ?", like));
        assertEquals(List.of(tag + "-89"), ids("SELECT group_key FROM alert_batch WHERE group_key LIKE ?", like));
        assertEquals(
                List.of(tag + "-89", tag + "-open"),
                ids("SELECT fingerprint FROM alert_incident WHERE fingerprint LIKE ? ORDER BY 1", like));
        assertEquals(
                List.of(tag + "-89", tag + "-on"),
                ids("SELECT fingerprint FROM alert_silence WHERE fingerprint LIKE ? ORDER BY 1", like));
    }

    @Test
    void aPeriodUnderADayIsRefused() {
        assertThrows(
                ConfigurationException.class,
                () -> new RetentionSweep.Periods(
                        Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1)));
    }

    private List<String> ids(String sql, String like) {
        return DATABASE.jdbi()
                .withHandle(h ->
                        h.createQuery(sql).bind(0, like).mapTo(String.class).list());
    }

    private long syncSource(PrivacyFixture store) {
        return DATABASE.jdbi()
                .withHandle(h -> h.createQuery("""
                                INSERT INTO sync_source (tenant_id, store_id, jdbc_url, cursor_kind)
                                VALUES (:t, :s, 'jdbc:h2:mem:none', 'modifiedAt') RETURNING sync_source_id""")
                        .bind("t", store.tenantId)
                        .bind("s", store.storeId)
                        .mapTo(Long.class)
                        .one());
    }

    private long run(PrivacyFixture store, long source, String status, int daysAgo) {
        return DATABASE.jdbi()
                .withHandle(h -> h.createQuery("""
                                INSERT INTO sync_run (sync_source_id, store_id, mode, status, started_at, heartbeat_at)
                                VALUES (:src, :s, 'incremental', :status, now() - make_interval(days => :d),
                                        now() - make_interval(days => :d))
                                RETURNING sync_run_id""")
                        .bind("src", source)
                        .bind("s", store.storeId)
                        .bind("status", status)
                        .bind("d", daysAgo)
                        .mapTo(Long.class)
                        .one());
    }
}
