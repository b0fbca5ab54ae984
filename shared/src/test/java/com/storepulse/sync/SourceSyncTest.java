package com.storepulse.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.db.Database;
import com.storepulse.ingest.AfterApply;
import com.storepulse.testing.MovableClock;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SourceSync end to end on a real PostgreSQL, from H2 in MSSQLServer mode and from MariaDB: the
 * store equals the source after every run (counts and a checksum over every column), each run
 * reads exactly what changed, overlapping runs exclude each other, and a run out of time stops
 * and is continued.
 */
class SourceSyncTest {

    private static final Database DATABASE = TestDatabase.shared();
    private static final int BATCH = 97;

    private final MovableClock clock = new MovableClock(java.time.Instant.parse("2026-03-01T12:00:00Z"));
    private final Map<Long, String> rescored = new ConcurrentHashMap<>();
    private SourceFixture source;
    private long storeId;
    private long sourceId;

    @AfterEach
    void dropSource() throws Exception {
        if (source != null) {
            source.close();
        }
    }

    private SourceSync prepare(
            SourceFixture.Kind kind,
            String cursor,
            AfterApply afterApply,
            java.util.function.UnaryOperator<String> registeredUrl)
            throws Exception {
        source =
                kind == SourceFixture.Kind.H2 ? SourceFixture.h2("sync-" + System.nanoTime()) : SourceFixture.mariadb();
        long[] ids = SyncTestSupport.tenantAndStore(DATABASE);
        storeId = ids[1];
        SyncSources sources = SyncTestSupport.sources(DATABASE, clock);
        sourceId = sources.register(
                        ids[0], storeId, registeredUrl.apply(source.jdbcUrl()), null, null, Map.of(), cursor)
                .id();
        return new SourceSync(DATABASE.jdbi(), sources, SourceConnections.DRIVER_MANAGER, afterApply, clock, BATCH);
    }

    private SourceSync prepare(SourceFixture.Kind kind, String cursor, AfterApply afterApply) throws Exception {
        return prepare(kind, cursor, afterApply, url -> url);
    }

    private SourceSync prepare(SourceFixture.Kind kind) throws Exception {
        return prepare(kind, null, (store, customers) -> rescored.putAll(customers));
    }

    private SourceFixture.Digest store() {
        return SourceFixture.digest(DATABASE.jdbi(), storeId);
    }

    private static SyncOutcome.TableCounts counts(SyncOutcome outcome, String table) {
        return outcome.tables().stream()
                .filter(t -> t.table().equals(table))
                .findFirst()
                .orElse(new SyncOutcome.TableCounts(table, 0, 0, 0));
    }

    @ParameterizedTest
    @EnumSource(SourceFixture.Kind.class)
    void fullThenIncrementalEqualsTheSource(SourceFixture.Kind kind) throws Exception {
        SourceSync sync = prepare(kind);
        source.seed(11, 1_200, 3_600);

        SyncOutcome full = sync.run(sourceId, SyncMode.FULL, SyncDeadline.NONE);
        assertEquals(SyncOutcome.Status.COMPLETED, full.status(), full.failure().orElse(""));
        assertEquals(source.digest(), store());
        assertEquals(1_200, counts(full, "customers").rowsRead());
        assertEquals(3_600, counts(full, "orders").rowsRead());
        assertTrue(full.lag().isPresent(), "the newest modified-at seen gives the lag");
        assertEquals(full.tables().size(), 2);

        SyncOutcome incremental = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        assertEquals(SyncOutcome.Status.COMPLETED, incremental.status());
        assertEquals(0, incremental.rowsRead(), "nothing changed, nothing is read again");
        assertEquals(source.digest(), store());

        // The ledger has both runs, completed, with the counts the outcomes gave.
        List<String> statuses = DATABASE.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT status FROM sync_run WHERE sync_source_id = :s ORDER BY sync_run_id")
                                .bind("s", sourceId)
                                .mapTo(String.class)
                                .list());
        assertEquals(List.of("completed", "completed"), statuses);
        // The store's totals follow its live orders only.
        long wrongTotals = DATABASE.jdbi()
                .withHandle(h ->
                        h.createQuery("""
                        SELECT count(*) FROM dim_customer c
                        WHERE c.store_id = :s AND c.order_count <> (SELECT count(*) FROM fact_order o
                              WHERE o.customer_id = c.customer_id AND o.kind = 'order' AND o.deleted_at IS NULL)""").bind("s", storeId).mapTo(Long.class).one());
        assertEquals(0, wrongTotals);
    }

    /** A {@code jdbc:mysql:} URL is served by MariaDB's driver, the one the function's jar carries. */
    @Test
    void aMysqlSchemeUrlSyncsThroughMariadbsDriver() throws Exception {
        SourceSync sync = prepare(
                SourceFixture.Kind.MARIADB,
                null,
                AfterApply.NONE,
                url -> url.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"));
        source.seed(12, 50, 150);
        SyncOutcome full = sync.run(sourceId, SyncMode.FULL, SyncDeadline.NONE);
        assertEquals(SyncOutcome.Status.COMPLETED, full.status(), full.failure().orElse(""));
        assertEquals(source.digest(), store());
    }

    /**
     * The customers' totals (order count, spend, first and last order) equal a recount of their live
     * orders after every run: a first run adds each batch's new orders to them, later runs recount
     * the customers whose orders changed or moved (BulkApplier.applyOrders).
     */
    @ParameterizedTest
    @EnumSource(SourceFixture.Kind.class)
    void customerTotalsEqualARecountAfterEveryRun(SourceFixture.Kind kind) throws Exception {
        SourceSync sync = prepare(kind);
        source.seed(14, 900, 5_000);
        runToCompletion(sync, SyncMode.INCREMENTAL);
        assertEquals(0, customersWithWrongTotals(), "after the first run");
        assertTrue(
                DATABASE.jdbi()
                                .withHandle(h -> h.createQuery(
                                                "SELECT count(*) FROM dim_customer WHERE store_id = :s AND order_count > 1")
                                        .bind("s", storeId)
                                        .mapTo(Long.class)
                                        .one())
                        > 100,
                "customers got orders from several batches");

        source.change(15, 3.0, 20, 5);
        runToCompletion(sync, SyncMode.INCREMENTAL);
        assertEquals(0, customersWithWrongTotals(), "after orders changed, moved and were deleted");

        runToCompletion(sync, SyncMode.FULL);
        assertEquals(0, customersWithWrongTotals(), "after a FULL run");
    }

    private void runToCompletion(SourceSync sync, SyncMode mode) {
        SyncOutcome outcome = sync.run(sourceId, mode, SyncDeadline.NONE);
        assertEquals(
                SyncOutcome.Status.COMPLETED,
                outcome.status(),
                outcome.failure().orElse(""));
    }

    private long customersWithWrongTotals() {
        return DATABASE.jdbi()
                .withHandle(h ->
                        h.createQuery("""
                        SELECT count(*) FROM dim_customer c
                        CROSS JOIN LATERAL (
                            SELECT count(*) FILTER (WHERE o.kind = 'order') AS orders,
                                   COALESCE(round(sum(o.amount * o.fx_rate_to_store), 2), 0) AS spend,
                                   min(o.ordered_at) FILTER (WHERE o.kind = 'order') AS first_at,
                                   max(o.ordered_at) FILTER (WHERE o.kind = 'order') AS last_at
                            FROM fact_order o WHERE o.customer_id = c.customer_id AND o.deleted_at IS NULL) t
                        WHERE c.store_id = :s
                          AND (c.order_count <> t.orders OR c.total_spend <> t.spend
                               OR c.first_order_at IS DISTINCT FROM t.first_at
                               OR c.last_order_at IS DISTINCT FROM t.last_at)""").bind("s", storeId).mapTo(Long.class).one());
    }

    @ParameterizedTest
    @EnumSource(SourceFixture.Kind.class)
    void theNextRunPicksUpExactlyTheChanges(SourceFixture.Kind kind) throws Exception {
        SourceSync sync = prepare(kind);
        source.seed(12, 1_500, 4_000);
        assertEquals(
                SyncOutcome.Status.COMPLETED,
                sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE).status());
        rescored.clear();

        int[] touched = source.change(13, 1.0, 7, 5);
        SyncOutcome next = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        assertEquals(SyncOutcome.Status.COMPLETED, next.status(), next.failure().orElse(""));
        assertEquals(touched[0], counts(next, "customers").rowsRead(), "customers read: exactly the changed ones");
        assertEquals(touched[1], counts(next, "orders").rowsRead(), "orders read: exactly the changed ones");
        assertEquals(touched[0], counts(next, "customers").rowsWritten());
        assertEquals(touched[1], counts(next, "orders").rowsWritten());
        assertTrue(rescored.size() >= touched[0], "every changed customer is handed on for rescoring");

        // Rows removed from the source are not seen by the cursor ...
        SourceFixture.Digest expected = source.digest();
        assertNotEquals(expected, store());
        // ... but by the key reconciliation, once it is due.
        clock.advance(SourceSync.RECONCILE_EVERY.plus(Duration.ofMinutes(1)));
        SyncOutcome reconciled = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        assertEquals(
                SyncOutcome.Status.COMPLETED,
                reconciled.status(),
                reconciled.failure().orElse(""));
        assertEquals(0, reconciled.rowsRead());
        assertEquals(
                source.hardDeleted(),
                counts(reconciled, "customers").rowsDeleted()
                        + counts(reconciled, "orders").rowsDeleted());
        assertEquals(expected, store());

        // A FULL run reads everything again and changes nothing.
        SyncOutcome full = sync.run(sourceId, SyncMode.FULL, SyncDeadline.NONE);
        assertEquals(SyncOutcome.Status.COMPLETED, full.status());
        assertEquals(0, full.rowsWritten(), "re-applying what is already there writes nothing");
        assertEquals(expected, store());
    }

    /**
     * 200 changed orders share three ModifiedAt values, and the run stops for time after its second
     * batch (15 customers, then 97 orders), inside a run of equal values: the continuation starts
     * from the committed (ModifiedAt, key) cursor, so it reads the rest of the tie and nothing twice.
     */
    @ParameterizedTest
    @EnumSource(SourceFixture.Kind.class)
    void equalModifiedAtAcrossARunBoundaryIsReadOnce(SourceFixture.Kind kind) throws Exception {
        SourceSync sync = prepare(kind);
        source.seed(16, 300, 4_000);
        assertEquals(
                SyncOutcome.Status.COMPLETED,
                sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE).status());

        int[] touched = source.change(17, 5.0, 0, 0);
        assertTrue(touched[1] > 2 * BATCH, "the changed orders span more than two batches");
        SyncOutcome stopped = sync.run(sourceId, SyncMode.INCREMENTAL, untilBatches(2));
        assertEquals(
                SyncOutcome.Status.STOPPED_FOR_TIME,
                stopped.status(),
                stopped.failure().orElse(""));
        assertEquals(BATCH, counts(stopped, "orders").rowsRead(), "one batch of orders before the stop");
        SyncOutcome continued = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        assertEquals(
                SyncOutcome.Status.COMPLETED,
                continued.status(),
                continued.failure().orElse(""));
        assertEquals(
                touched[1],
                counts(stopped, "orders").rowsRead()
                        + counts(continued, "orders").rowsRead(),
                "each changed order read once over the two runs");
        assertEquals(source.digest(), store());
    }

    /** Time until the running run has committed {@code batches} batches, then none. */
    private SyncDeadline untilBatches(int batches) {
        return () -> DATABASE.jdbi()
                                .withHandle(h -> h.createQuery(
                                                "SELECT coalesce(max(batches), 0) FROM sync_run WHERE sync_source_id = :s AND status = 'running'")
                                        .bind("s", sourceId)
                                        .mapTo(Integer.class)
                                        .one())
                        < batches
                ? 600_000L
                : 0L;
    }

    @Test
    void rowversionCursorOnTheH2StandIn() throws Exception {
        SourceSync sync = prepare(SourceFixture.Kind.H2, "rowversion", AfterApply.NONE);
        source.seed(21, 800, 2_000);
        assertEquals(
                SyncOutcome.Status.COMPLETED,
                sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE).status());
        int[] touched = source.change(22, 2.0, 3, 0);
        SyncOutcome next = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        assertEquals(touched[0], counts(next, "customers").rowsRead());
        assertEquals(touched[1], counts(next, "orders").rowsRead());
        assertEquals(source.digest(), store());
    }

    @Test
    void overlappingRunsNeverBothLoad() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SourceSync sync = prepare(SourceFixture.Kind.H2, null, (store, customers) -> {
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        source.seed(31, 500, 1_000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<SyncOutcome> first = pool.submit(() -> sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE));
            assertTrue(inside.await(30, TimeUnit.SECONDS), "the first run loads and holds the source");
            SyncOutcome second = sync.run(sourceId, SyncMode.FULL, SyncDeadline.NONE);
            assertEquals(SyncOutcome.Status.ALREADY_RUNNING, second.status());
            assertEquals(0, second.runId());
            release.countDown();
            assertEquals(
                    SyncOutcome.Status.COMPLETED,
                    first.get(30, TimeUnit.SECONDS).status());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        long runs = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM sync_run WHERE sync_source_id = :s")
                        .bind("s", sourceId)
                        .mapTo(Long.class)
                        .one());
        assertEquals(1, runs, "only one run was ever started");
        assertEquals(source.digest(), store());
    }

    @Test
    void aRunOutOfTimeStopsCleanlyAndItsContinuationFinishes() throws Exception {
        SourceSync sync = prepare(SourceFixture.Kind.H2);
        source.seed(41, 1_000, 3_000);
        // Time until five batches are committed, then none (read from the run's own ledger row).
        SyncDeadline fiveBatches = untilBatches(5);
        SyncOutcome stopped = sync.run(sourceId, SyncMode.INCREMENTAL, fiveBatches);
        assertEquals(SyncOutcome.Status.STOPPED_FOR_TIME, stopped.status());
        assertTrue(stopped.status().wantsContinuation());
        assertEquals(5L * BATCH, stopped.rowsRead(), "five whole batches, recorded");
        String ledger = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("SELECT status || ':' || batches FROM sync_run WHERE sync_run_id = :r")
                        .bind("r", stopped.runId())
                        .mapTo(String.class)
                        .one());
        assertEquals("stopped_for_time:5", ledger);
        long loaded = DATABASE.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM dim_customer WHERE store_id = :s")
                        .bind("s", storeId)
                        .mapTo(Long.class)
                        .one());
        assertEquals(5L * BATCH, loaded, "the five batches are in the store");

        SyncOutcome continued = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        assertEquals(SyncOutcome.Status.COMPLETED, continued.status());
        assertEquals(
                1_000 - 5L * BATCH, counts(continued, "customers").rowsRead(), "it goes on where the first stopped");
        assertEquals(source.digest(), store());
    }

    @Test
    void aRowTheStoreCannotHoldFailsTheRunAndNamesIt() throws Exception {
        SourceSync sync = prepare(SourceFixture.Kind.H2);
        source.seed(51, 300, 900);
        source.execute("UPDATE Orders SET Currency = 'EUR' WHERE OrderId = 'o-500'");
        SyncOutcome failed = sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE);
        assertEquals(SyncOutcome.Status.FAILED, failed.status());
        assertTrue(
                failed.failure().orElseThrow().contains("orders[o-500]"),
                failed.failure().orElseThrow());
        assertTrue(
                failed.failure().orElseThrow().contains("USD"), failed.failure().orElseThrow());
        assertEquals(300, counts(failed, "customers").rowsWritten(), "the batches before the bad one stay");
        Optional<String> error = DATABASE.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT error FROM sync_run WHERE sync_run_id = :r AND status = 'failed'")
                                .bind("r", failed.runId())
                                .mapTo(String.class)
                                .findOne());
        assertTrue(error.isPresent());

        source.execute("UPDATE Orders SET Currency = 'USD' WHERE OrderId = 'o-500'");
        assertEquals(
                SyncOutcome.Status.COMPLETED,
                sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE).status());
        assertEquals(source.digest(), store());
    }

    @Test
    void aPausedSourceIsNotRun() throws Exception {
        prepare(SourceFixture.Kind.H2);
        SyncSources sources = SyncTestSupport.sources(DATABASE, clock);
        long tenantId = sources.active(sourceId).orElseThrow().tenantId();
        sources.setPaused(tenantId, sourceId, true);
        SourceSync sync =
                new SourceSync(DATABASE.jdbi(), sources, SourceConnections.DRIVER_MANAGER, AfterApply.NONE, clock);
        assertEquals(
                SyncOutcome.Status.SOURCE_NOT_ACTIVE,
                sync.run(sourceId, SyncMode.INCREMENTAL, SyncDeadline.NONE).status());
        assertTrue(!sources.activeSourceIds().contains(sourceId));
    }
}
