package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.customers.ScoreSnapshot;
import com.storepulse.db.Database;
import com.storepulse.schema.Migrations;
import com.storepulse.testing.TestDatabase;
import com.storepulse.testing.TestOrders;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the scorer writes for snapshot walks (V10, docs/scoring.md "Score versions"): each run's
 * version on the store and on its rows, the rows an incremental run replaced in
 * customer_score_retired, the partition a full run replaced kept under its retired name, and the
 * store's next run dropping what is older than the retention.
 */
class ScoreVersionsTest {

    private static final LocalDate END = LocalDate.of(2025, 12, 31);
    private static final long STORE = 21;
    private static final int CUSTOMERS = 2_000;

    private static Database database;
    private static Jdbi jdbi;
    private static StoreScoringService service;

    @BeforeAll
    static void open() {
        database = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_versions"), 4);
        Migrations.migrate(database.dataSource());
        jdbi = database.jdbi();
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO tenant (tenant_id, slug, name) VALUES (1, 'versions', 'Versions')");
            h.execute("INSERT INTO store (store_id, tenant_id, name) VALUES (?, 1, 'Store')", STORE);
            h.execute(
                    "INSERT INTO dim_customer (store_id, external_id) SELECT ?, 'c' || i FROM generate_series(1, ?) AS i",
                    STORE,
                    CUSTOMERS);
            TestOrders.insertDeterministic(h, STORE, 90);
        });
        service = new StoreScoringService(jdbi, CacheInvalidation.NONE);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static Instant asOf(int hour) {
        return END.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static long count(String sql) {
        return jdbi.withHandle(
                h -> h.createQuery(sql).bind("s", STORE).mapTo(Long.class).one());
    }

    private static long retiredRowsOf(long customer) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM customer_score_retired WHERE customer_id = :c")
                .bind("c", customer)
                .mapTo(Long.class)
                .one());
    }

    private static String regclass(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:t)::text")
                .bind("t", table)
                .mapTo(String.class)
                .one());
    }

    @Test
    void everyRunStampsItsVersionAndRetiresWhatItReplacesUntilTheStoresNextRunAfterTheRetention() {
        // version 1: the first full run; the store had no partition of its own (nothing kept)
        service.rescoreStore(STORE, asOf(1), true);
        assertEquals(1, count("SELECT score_version FROM store_scoring_state WHERE store_id = :s"));
        assertEquals(1, count("SELECT partition_version FROM store_scoring_state WHERE store_id = :s"));
        assertEquals(CUSTOMERS, count("SELECT count(*) FROM customer_score WHERE store_id = :s AND score_version = 1"));
        assertEquals(
                0, count("SELECT count(*) FROM customer_score_retired_partition WHERE store_id = :s AND has_table"));

        // version 2: an incremental run of 3 customers; one of them loses its score (soft-deleted)
        List<Long> three = jdbi.withHandle(h -> h.createQuery(
                        "SELECT customer_id FROM dim_customer WHERE store_id = :s ORDER BY customer_id LIMIT 3")
                .bind("s", STORE)
                .mapTo(Long.class)
                .list());
        jdbi.useHandle(
                h -> h.execute("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = ?", three.get(2)));
        ScoringRun incremental = service.rescoreCustomers(STORE, three, asOf(2));
        assertEquals(1, incremental.scoresRemoved());
        assertEquals(2, count("SELECT score_version FROM store_scoring_state WHERE store_id = :s"));
        assertEquals(1, count("SELECT partition_version FROM store_scoring_state WHERE store_id = :s"));
        assertEquals(2, count("SELECT count(*) FROM customer_score WHERE store_id = :s AND score_version = 2"));
        assertEquals(
                CUSTOMERS - 3, count("SELECT count(*) FROM customer_score WHERE store_id = :s AND score_version = 1"));
        // the three rows as they were at version 1, valid until version 2
        assertEquals(3, count("""
                SELECT count(*) FROM customer_score_retired
                WHERE store_id = :s AND score_version = 1 AND retired_version = 2"""));

        // version 3: a full run keeps the partition it replaces, with every row it had, indexes included
        service.rescoreStore(STORE, asOf(3), true);
        String kept = ScoreSnapshot.keptPartition(STORE, 3);
        assertNotNull(regclass(kept));
        assertEquals(CUSTOMERS - 1, count("SELECT count(*) FROM " + kept + " WHERE :s > 0"));
        assertEquals(2, count("SELECT count(*) FROM " + kept + " WHERE score_version = 2 AND :s > 0"));
        assertEquals(
                count("SELECT count(*) FROM pg_index WHERE indrelid = 'customer_score'::regclass AND :s > 0"),
                count("SELECT count(*) FROM pg_index WHERE indrelid = to_regclass('" + kept + "') AND :s > 0"));
        assertEquals(1, count("""
                SELECT count(*) FROM customer_score_retired_partition
                WHERE store_id = :s AND first_version = 1 AND retired_version = 3 AND has_table"""));
        assertEquals(3, count("SELECT score_version FROM store_scoring_state WHERE store_id = :s"));
        assertEquals(3, count("SELECT partition_version FROM store_scoring_state WHERE store_id = :s"));
        assertEquals(
                CUSTOMERS - 1, count("SELECT count(*) FROM customer_score WHERE store_id = :s AND score_version = 3"));

        // nothing is dropped before the retention, ...
        service.rescoreCustomers(STORE, three.subList(0, 1), asOf(4));
        assertNotNull(regclass(kept));
        assertEquals(4, count("SELECT count(*) FROM customer_score_retired WHERE store_id = :s"));

        // ... and what is older goes with the store's next run: rows, kept partition, registry
        jdbi.useHandle(h -> {
            h.execute(
                    "UPDATE customer_score_retired SET retired_at = now() - interval '71 minutes' WHERE retired_version <= 3");
            h.execute("UPDATE customer_score_retired_partition SET retired_at = now() - interval '71 minutes'");
        });
        service.rescoreCustomers(STORE, three.subList(1, 2), asOf(5));
        assertNull(regclass(kept));
        assertEquals(0, count("SELECT count(*) FROM customer_score_retired_partition WHERE store_id = :s"));
        // left: the row version 4 retired (not yet expired) and the one version 5 just retired
        assertEquals(
                List.of(4L, 5L),
                jdbi.withHandle(h -> h.createQuery(
                                "SELECT retired_version FROM customer_score_retired WHERE store_id = :s ORDER BY 1")
                        .bind("s", STORE)
                        .mapTo(Long.class)
                        .list()));
    }

    @Test
    void deletingACustomerDeletesTheirRetiredRowsToo() {
        long store = 22;
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO store (store_id, tenant_id, name) VALUES (?, 1, 'Other')", store);
            h.execute(
                    "INSERT INTO dim_customer (store_id, external_id) SELECT ?, 'd' || i FROM generate_series(1, 50) AS i",
                    store);
            h.execute("""
                    INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, amount, currency)
                    SELECT store_id, 'p' || customer_id, customer_id, 20250601, timestamptz '2025-06-01 12:00Z', 20, 'USD'
                    FROM dim_customer WHERE store_id = ?""", store);
        });
        service.rescoreStore(store, asOf(1), true);
        long customer =
                jdbi.withHandle(h -> h.createQuery("SELECT min(customer_id) FROM dim_customer WHERE store_id = ?")
                        .bind(0, store)
                        .mapTo(Long.class)
                        .one());
        service.rescoreCustomers(store, List.of(customer), asOf(2));
        assertEquals(1, retiredRowsOf(customer));

        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM fact_order WHERE customer_id = ?", customer);
            h.execute("DELETE FROM dim_customer WHERE customer_id = ?", customer);
        });

        assertEquals(0, retiredRowsOf(customer));
    }
}
