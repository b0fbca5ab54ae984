package com.storepulse.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.cache.RecordingMetrics;
import com.storepulse.db.Database;
import com.storepulse.ingest.AfterApply;
import com.storepulse.observability.MetricNames;
import com.storepulse.observability.MetricsRecorder;
import com.storepulse.privacy.CustomerErasure;
import com.storepulse.privacy.SubjectHashes;
import com.storepulse.privacy.Suppressions;
import com.storepulse.testing.MovableClock;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A source that still holds an erased customer's row (and their orders) cannot bring them back:
 * incremental and FULL runs skip those rows before staging, count them, and never leave the
 * customer's id in a sync cursor, even when their row is the last one a run reads.
 */
class SyncSuppressionTest {

    private static final Database DATABASE = TestDatabase.shared();
    private static final SubjectHashes HASHES =
            SubjectHashes.ofKeys(Base64.getDecoder().decode(SubjectHashes.newKey()));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private SourceFixture source;

    @AfterEach
    void dropSource() throws Exception {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void aSourceThatStillHoldsAnErasedCustomerCannotBringThemBack() throws Exception {
        source = SourceFixture.h2("suppress-" + System.nanoTime());
        long[] ids = SyncTestSupport.tenantAndStore(DATABASE);
        long storeId = ids[1];
        SyncSources sources = SyncTestSupport.sources(DATABASE, clock);
        long sourceId = sources.register(ids[0], storeId, source.jdbcUrl(), null, null, Map.of(), null)
                .id();
        SourceSync sync = new SourceSync(
                DATABASE.jdbi(),
                sources,
                SourceConnections.DRIVER_MANAGER,
                AfterApply.NONE,
                new Suppressions(HASHES, metrics),
                clock,
                53);
        source.seed(5, 300, 900);
        assertEquals(
                SyncOutcome.Status.COMPLETED,
                sync.run(sourceId, SyncMode.FULL, SyncDeadline.NONE).status());

        // the last customer a run read (the cursor's key) and one with orders in the middle
        String last = cursorKey(sourceId);
        String middle = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("""
                                SELECT c.external_id FROM dim_customer c
                                WHERE c.store_id = :s AND c.deleted_at IS NULL AND c.order_count > 0 AND c.external_id <> :last
                                ORDER BY c.external_id LIMIT 1""")
                        .bind("s", storeId)
                        .bind("last", last)
                        .mapTo(String.class)
                        .one());
        long orders = count("SELECT count(*) FROM fact_order WHERE store_id = :s", storeId);
        CustomerErasure erasure = new CustomerErasure(
                DATABASE.jdbi(), HASHES, CacheInvalidation.NONE, Duration.ofMinutes(5), MetricsRecorder.NOOP);
        for (String erased : List.of(last, middle)) {
            erasure.erase(storeId, erased, com.storepulse.audit.AuditActor.apiKey(1, "sp_live_test0000", ids[0], null));
        }
        assertEquals(null, cursorKey(sourceId), "the cursor held the id: it starts over");

        // the source still holds both, and changes the last one again, so it is read last again
        source.execute(
                "UPDATE Customers SET Email = 'changed@example.com', ModifiedAt = ? WHERE CustomerId = ?",
                java.time.LocalDateTime.parse("2030-01-01T00:00:00"),
                last);
        for (SyncMode mode : List.of(SyncMode.INCREMENTAL, SyncMode.FULL, SyncMode.INCREMENTAL)) {
            SyncOutcome run = sync.run(sourceId, mode, SyncDeadline.NONE);
            assertEquals(
                    SyncOutcome.Status.COMPLETED, run.status(), run.failure().orElse(""));
            assertEquals(
                    0,
                    count(
                            "SELECT count(*) FROM dim_customer WHERE store_id = :s AND external_id IN ('" + last
                                    + "', '" + middle + "')",
                            storeId),
                    mode + ": neither is back");
            String key = cursorKey(sourceId);
            assertNotEquals(last, key, mode + ": the cursor never keeps an erased id");
            assertNotEquals(middle, key, mode.toString());
        }
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM dim_customer WHERE store_id = :s AND email = 'changed@example.com'",
                        storeId));
        assertEquals(orders, count("SELECT count(*) FROM fact_order WHERE store_id = :s", storeId), "orders stay");
        assertEquals(
                2,
                count("SELECT count(*) FROM dim_customer WHERE store_id = :s AND erased_at IS NOT NULL", storeId),
                "two anonymous rows, still holding their orders");
        assertTrue(metrics.total(MetricNames.CUSTOMER_SUPPRESSED) >= 2 * 2, "each run counted what it skipped");
    }

    private static String cursorKey(long sourceId) {
        return DATABASE.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT last_key FROM sync_cursor WHERE sync_source_id = :s AND source_table = 'customers'")
                        .bind("s", sourceId)
                        .mapTo(String.class)
                        .findOne()
                        .orElse(null));
    }

    private static long count(String sql, long storeId) {
        return DATABASE.jdbi()
                .withHandle(h ->
                        h.createQuery(sql).bind("s", storeId).mapTo(Long.class).one());
    }
}
