package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.db.Database;
import com.storepulse.db.TenantScope;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestOrders;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full rescoring loads a new partition of customer_score and swaps it in (V6). What readers and
 * deletes must still see: the old or the new scores of a store, never a mix or an empty store; a
 * deleted customer's score gone, even when the customer went while the new partition was loading.
 */
class ScorePartitionSwapTest {

    private static final LocalDate END = LocalDate.of(2025, 12, 31);
    private static final int CUSTOMERS = 3_000;

    private static String url;
    private static Database database;
    private static Jdbi jdbi;
    private static StoreScoringService service;

    @BeforeAll
    static void open() {
        url = TestDatabase.createEmptyDatabase("sp_swap");
        database = TestDatabase.open(url, 4);
        Migrations.migrate(database.dataSource());
        jdbi = database.jdbi();
        jdbi.useHandle(h -> h.execute("INSERT INTO tenant (tenant_id, slug, name) VALUES (1, 'swap', 'Swap')"));
        service = new StoreScoringService(jdbi, CacheInvalidation.NONE).withConnections(2);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** A store of CUSTOMERS customers with 1-4 orders each in 2025, deterministic. */
    private static long newStore(long storeId) {
        jdbi.useHandle(h -> {
            h.createUpdate("INSERT INTO store (store_id, tenant_id, name) VALUES (:s, 1, 'Store')")
                    .bind("s", storeId)
                    .execute();
            h.createUpdate(
                            "INSERT INTO dim_customer (store_id, external_id) SELECT :s, 'c' || i FROM generate_series(1, :n) AS i")
                    .bind("s", storeId)
                    .bind("n", CUSTOMERS)
                    .execute();
            TestOrders.insertDeterministic(h, storeId, 90);
            h.execute("ANALYZE dim_customer");
            h.execute("ANALYZE fact_order");
        });
        return storeId;
    }

    private static Instant asOf(int hour) {
        return END.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static long count(String sql, long storeId) {
        return jdbi.withHandle(
                h -> h.createQuery(sql).bind("s", storeId).mapTo(Long.class).one());
    }

    @Test
    void aFullRescoringMovesTheStoreOutOfTheDefaultPartitionIntoItsOwn() {
        long store = newStore(11);
        // rows written before the store had a partition (another tool, an old import): default partition
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO customer_score (customer_id, store_id, frequency, recency_days, tenure_days, monetary_value,
                                                    total_spend, p_alive, churn_risk, expected_purchases, purchases_horizon_days,
                                                    predicted_ltv, ltv_horizon_months, archetype_id, r_score, f_score, m_score, scored_at)
                        SELECT customer_id, store_id, 0, 0, 0, 0, 0, 1, 0, 0, 90, 0, 12, 4, 1, 1, 1, now()
                        FROM dim_customer WHERE store_id = :s ORDER BY customer_id LIMIT 5""").bind("s", store).execute());
        assertEquals(5, count("SELECT count(*) FROM customer_score_default WHERE store_id = :s", store));

        ScoringRun run = service.rescoreStore(store, asOf(20), true);

        assertEquals(CUSTOMERS, run.customersScored());
        assertEquals(CUSTOMERS, count("SELECT count(*) FROM customer_score WHERE store_id = :s", store));
        assertEquals(0, count("SELECT count(*) FROM customer_score_default WHERE store_id = :s", store));
        assertEquals(
                List.of("customer_score_p" + store),
                jdbi.withHandle(h -> h.createQuery(
                                "SELECT DISTINCT tableoid::regclass::text FROM customer_score WHERE store_id = :s")
                        .bind("s", store)
                        .mapTo(String.class)
                        .list()));
        assertNull(
                jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:t)::text")
                        .bind("t", "customer_score_p" + store + "_load")
                        .mapTo(String.class)
                        .one()),
                "no load table left behind");
        assertEquals(1, count("SELECT count(*) FROM model_fit WHERE store_id = :s", store));
        // every index of customer_score is on the partition (attached, not rebuilt by ATTACH)
        assertEquals(
                count("SELECT count(*) FROM pg_index WHERE indrelid = 'customer_score'::regclass AND :s > 0", store),
                count("SELECT count(*) FROM pg_index WHERE indrelid = to_regclass('customer_score_p' || :s)", store));
        ScoringRun again = service.rescoreStore(store, asOf(21), true);
        assertEquals(CUSTOMERS, again.customersScored());
        assertEquals(0, again.scoresRemoved());
        assertEquals(CUSTOMERS, count("SELECT count(*) FROM customer_score WHERE store_id = :s", store));
    }

    @Test
    void readersSeeEitherTheOldOrTheNewScoresNeverAMixNorAnEmptyStore() throws InterruptedException {
        long store = newStore(12);
        service.rescoreStore(store, asOf(20), true);
        Instant before =
                jdbi.withHandle(h -> h.createQuery("SELECT max(scored_at) FROM customer_score WHERE store_id = :s")
                        .bind("s", store)
                        .mapTo(Instant.class)
                        .one());

        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Map<String, Object>> seen = new ConcurrentLinkedQueue<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                seen.add(jdbi.withHandle(
                        h -> h.createQuery("""
                                SELECT count(*) AS customers, count(DISTINCT scored_at) AS runs, min(scored_at) AS scored_at
                                FROM customer_score WHERE store_id = :s""").bind("s", store).mapToMap().one()));
            }
        });
        try {
            service.rescoreStore(store, asOf(22), true);
        } finally {
            done.set(true);
            reader.join();
        }

        assertFalse(seen.isEmpty());
        for (Map<String, Object> row : seen) {
            assertEquals(CUSTOMERS, ((Number) row.get("customers")).intValue(), "a reader saw " + row);
            assertEquals(1, ((Number) row.get("runs")).intValue(), "a reader saw two runs' scores at once: " + row);
        }
        Instant after =
                jdbi.withHandle(h -> h.createQuery("SELECT max(scored_at) FROM customer_score WHERE store_id = :s")
                        .bind("s", store)
                        .mapTo(Instant.class)
                        .one());
        assertTrue(after.isAfter(before), before + " then " + after);
    }

    @Test
    void deletingACustomerDeletesTheirScore() {
        long store = newStore(13);
        service.rescoreStore(store, asOf(20), true);
        long customer = count("SELECT min(customer_id) FROM dim_customer WHERE store_id = :s", store);
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM customer_score WHERE customer_id = " + customer + " AND store_id = :s",
                        store));

        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM fact_order WHERE customer_id = ?", customer);
            h.execute("DELETE FROM dim_customer WHERE customer_id = ?", customer);
        });

        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM customer_score WHERE customer_id = " + customer + " AND store_id = :s",
                        store));
        assertEquals(CUSTOMERS - 1, count("SELECT count(*) FROM customer_score WHERE store_id = :s", store));
    }

    @Test
    void aCustomerDeletedWhileTheNewPartitionLoadsDoesNotComeBack() {
        long store = newStore(14);
        ScoringRun first = service.rescoreStore(store, asOf(20), true);
        List<CustomerHistory> histories = jdbi.inTransaction(h -> ScoringRepository.histories(h, store, END, null));
        StoreScorer scorer = new StoreScorer(
                new CustomerPredictor(ModelFit.DEFAULT_BG_NBD, ModelFit.DEFAULT_GAMMA_GAMMA, ScoringHorizons.DEFAULT),
                StoreScorer.breakpointsOf(histories, END.toEpochDay()),
                END.toEpochDay());
        StorePartitionLoad load = new StorePartitionLoad(jdbi, store, 2);
        long hardDeleted = histories.get(0).customerId();
        long softDeleted = histories.get(1).customerId();

        try (Handle h = jdbi.open()) {
            load.create(h);
            // one customer goes before the rows are written, one after: neither may come back
            jdbi.useTransaction(tx -> {
                tx.execute("DELETE FROM fact_order WHERE customer_id = ?", hardDeleted);
                tx.execute("DELETE FROM dim_customer WHERE customer_id = ?", hardDeleted);
            });
            load.copy(h, first.modelFitId(), asOf(23), histories, scorer);
            jdbi.useHandle(
                    tx -> tx.execute("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = ?", softDeleted));
            load.index(h);
            assertEquals(2, h.inTransaction(load::swap));
        }

        assertEquals(CUSTOMERS - 2, count("SELECT count(*) FROM customer_score WHERE store_id = :s", store));
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM customer_score WHERE store_id = :s AND customer_id IN (" + hardDeleted
                                + ", " + softDeleted + ")",
                        store));
    }

    /**
     * The functions connect as the application role (V20), which owns no table: a full rescoring's
     * DDL goes through V20's owner functions, for a store of the tenant the thread names only.
     */
    @Test
    void aFullRescoringRunsAsTheApplicationRoleForItsTenantsStoresOnly() {
        long store = newStore(15);
        try (Database application = TestDatabase.open(TestDatabase.asApplication(url), 2)) {
            Jdbi app = application.jdbi();
            StoreScoringService asApp = new StoreScoringService(app, CacheInvalidation.NONE).withConnections(2);
            TenantScope.run(1, () -> {
                assertEquals(
                        CUSTOMERS, asApp.rescoreStore(store, asOf(20), true).customersScored());
                // the second swaps the first partition out and keeps it; the purge drops it again
                assertEquals(
                        CUSTOMERS, asApp.rescoreStore(store, asOf(21), true).customersScored());
                assertEquals(CUSTOMERS, count(app, "SELECT count(*) FROM customer_score WHERE store_id = :s", store));
                assertEquals(
                        CUSTOMERS,
                        count(app, "SELECT count(*) FROM customer_score_p" + store + "_r2 WHERE store_id = :s", store));
                ScoreVersions.purgeExpired(app, store, Duration.ZERO);
            });
            assertEquals(
                    0, count("SELECT count(*) FROM pg_class WHERE relname = 'customer_score_p' || :s || '_r2'", store));
            assertEquals(0, count(app, "SELECT count(*) FROM customer_score WHERE store_id = :s", store), "no tenant");
            // another tenant, or none, may not run the store's DDL
            jdbi.useHandle(h -> h.execute("INSERT INTO tenant (tenant_id, slug, name) VALUES (2, 'other', 'Other')"));
            for (Long tenant : Arrays.asList(2L, null)) {
                Supplier<String> create =
                        () -> app.withHandle(h -> h.createQuery("SELECT storepulse_score_load_create(:s)::text")
                                .bind("s", store)
                                .mapTo(String.class)
                                .one());
                UnableToExecuteStatementException refused =
                        assertThrows(UnableToExecuteStatementException.class, () -> {
                            if (tenant == null) {
                                create.get();
                            } else {
                                TenantScope.call(tenant, create);
                            }
                        });
                assertEquals("42501", ((SQLException) refused.getCause()).getSQLState(), String.valueOf(refused));
            }
        }
    }

    private static long count(Jdbi on, String sql, long storeId) {
        return on.withHandle(
                h -> h.createQuery(sql).bind("s", storeId).mapTo(Long.class).one());
    }
}
