package com.storepulse.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.customers.CustomerRepository;
import com.storepulse.db.Database;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The summary's live and active customers come from per-store rows (V11: a trigger-kept count of
 * live customers, a last-order-day rollup written with the scores), not from counting the store's
 * customers. They must equal a direct count at every step: after a full and an incremental
 * rescoring, after soft deletes, undeletes, inserts and deletes written as plain SQL (as any
 * writer would), and for every start of the 90-day window within and around a day that has
 * last orders on both sides of it.
 */
class StoreSummaryCountsTest {

    /** Scores as of this instant; the summaries are computed a few hours after it. */
    private static final Instant AS_OF = Instant.parse("2026-06-01T00:00:00Z");

    private static Database database;
    private static Jdbi jdbi;
    private static StoreRepository stores;
    private static StoreScoringService scorer;
    private static long store;
    private static long otherStore;

    @BeforeAll
    static void load() {
        database = TestDatabase.open(TestDatabase.createEmptyDatabase("sp_summary_counts"), 2);
        Migrations.migrate(database.dataSource());
        jdbi = database.jdbi();
        long tenant = jdbi.withHandle(h -> h.createUpdate("INSERT INTO tenant (slug, name) VALUES ('counts', 'Counts')")
                .executeAndReturnGeneratedKeys("tenant_id")
                .mapTo(Long.class)
                .one());
        store = newStore(tenant);
        otherStore = newStore(tenant);
        // 400 customers (and 50 in the other store): 1-6 orders each, over the 400 days before
        // AS_OF. Customers 1-48 have their last order on the active window's first day
        // (2026-03-03: the window of a summary at AS_OF + h hours starts at 2026-03-03 h:00 UTC),
        // one every half hour, so each window start splits that day.
        jdbi.useHandle(h -> {
            loadCustomers(h, store, 400);
            loadCustomers(h, otherStore, 50);
        });
        stores = new StoreRepository(jdbi, new CustomerRepository(jdbi).archetypes());
        scorer = new StoreScoringService(jdbi, CacheInvalidation.NONE);
        scorer.rescoreStore(store, AS_OF);
        scorer.rescoreStore(otherStore, AS_OF);
    }

    private static long newStore(long tenant) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO store (tenant_id, name) VALUES (:t, 'Store')")
                .bind("t", tenant)
                .executeAndReturnGeneratedKeys("store_id")
                .mapTo(Long.class)
                .one());
    }

    private static void loadCustomers(org.jdbi.v3.core.Handle h, long storeId, int customers) {
        h.createUpdate("""
                        INSERT INTO dim_customer (store_id, external_id, first_name, last_name)
                        SELECT :s, 'c' || i, 'First' || i, 'Last' || i FROM generate_series(1, :n) AS i""").bind("s", storeId).bind("n", customers).execute();
        h.createUpdate("""
                        INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, amount, currency)
                        SELECT c.store_id, c.external_id || '-' || k, c.customer_id,
                               to_char(t.at AT TIME ZONE 'UTC', 'YYYYMMDD')::int, t.at, 10 + (i * 7 + k * 13) % 90, 'EUR'
                        FROM dim_customer c
                        CROSS JOIN LATERAL (SELECT substr(c.external_id, 2)::int AS i) AS n
                        CROSS JOIN LATERAL generate_series(0, n.i % 6) AS k
                        CROSS JOIN LATERAL (SELECT CASE
                            WHEN n.i <= 48 THEN timestamptz '2026-03-03 00:00:00+00' + (n.i - 1) * interval '30 minutes'
                                                - k * interval '20 days'
                            ELSE timestamptz '2026-05-31 12:00:00+00' - ((n.i * 37 + k * 53) % 400) * interval '1 day'
                                 - (n.i % 24) * interval '1 hour' END AS at) AS t
                        WHERE c.store_id = :s""").bind("s", storeId).execute();
        h.createUpdate("""
                        UPDATE dim_customer c SET last_order_at = o.last_at, order_count = o.n
                        FROM (SELECT customer_id, max(ordered_at) AS last_at, count(*) AS n FROM fact_order
                              WHERE store_id = :s GROUP BY customer_id) o
                        WHERE c.customer_id = o.customer_id""").bind("s", storeId).execute();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** The summary and the store list's counts equal direct counts, for windows starting all over the boundary day. */
    private static void assertCountsMatch(long storeId, String when) {
        long live = count("SELECT count(*) FROM dim_customer WHERE store_id = :s AND deleted_at IS NULL", storeId);
        long scored = count("SELECT count(*) FROM customer_score WHERE store_id = :s", storeId);
        assertTrue(scored > 0, when);
        for (int halfHours = -2; halfHours <= 52; halfHours++) {
            Instant now = AS_OF.plus(Duration.ofMinutes(30L * halfHours + 15));
            StoreSummary summary = stores.summary(storeId, now);
            long active = jdbi.withHandle(h -> h.createQuery(
                            "SELECT count(*) FROM customer_score WHERE store_id = :s AND last_order_at >= :since")
                    .bind("s", storeId)
                    .bind("since", OffsetDateTime.ofInstant(now.minus(StoreSummary.ACTIVE_WINDOW), ZoneOffset.UTC))
                    .mapTo(Long.class)
                    .one());
            assertEquals(live, summary.customers(), when + ": live customers");
            assertEquals(scored, summary.scoredCustomers(), when + ": scored customers");
            assertEquals(active, summary.activeCustomers(), when + ": active customers at " + now);
        }
        StoreCustomerCounts counts = stores.customerCounts(storeId);
        assertEquals(live, counts.customers(), when + ": store list, live");
        assertEquals(scored, counts.scoredCustomers(), when + ": store list, scored");
    }

    private static long count(String sql, long storeId) {
        return jdbi.withHandle(
                h -> h.createQuery(sql).bind("s", storeId).mapTo(Long.class).one());
    }

    private static void execute(String sql, Long... ids) {
        jdbi.useHandle(h -> {
            h.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
            h.createUpdate(sql)
                    .bind("s", store)
                    .bind("o", otherStore)
                    .bindArray("ids", Long.class, ids)
                    .execute();
        });
    }

    private static long customer(long storeId, String externalId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT customer_id FROM dim_customer WHERE store_id = :s AND external_id = :e")
                        .bind("s", storeId)
                        .bind("e", externalId)
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void countsStayExactThroughRescoringsSoftDeletesInsertsAndDeletes() {
        assertCountsMatch(store, "after the full rescoring");
        assertCountsMatch(otherStore, "other store, after its full rescoring");
        long boundaryActive =
                stores.summary(store, AS_OF.plus(Duration.ofHours(12))).activeCustomers();
        assertTrue(
                boundaryActive
                        > stores.summary(store, AS_OF.plus(Duration.ofHours(30)))
                                .activeCustomers(),
                "the boundary day's last orders leave the window as it moves");

        // A soft delete shows in the live count at once (trigger, same transaction as the write);
        // the score-based figures keep the customer's score row until the incremental rescoring
        // removes it and rewrites the rollups with it.
        long c10 = customer(store, "c10");
        execute("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = ANY(:ids)", c10);
        assertCountsMatch(store, "after a soft delete");
        scorer.rescoreCustomers(store, List.of(c10), AS_OF);
        assertEquals(
                0, count("SELECT count(*) FROM customer_score WHERE store_id = :s AND customer_id = " + c10, store));
        assertCountsMatch(store, "after the soft-deleted customer's incremental rescoring");

        // Several rows in one statement, across two stores; undelete; an already deleted row again.
        long c11 = customer(store, "c11");
        long c12 = customer(store, "c12");
        long o5 = customer(otherStore, "c5");
        execute("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = ANY(:ids)", c11, c12, o5, c10);
        assertCountsMatch(store, "after a multi-row soft delete");
        assertCountsMatch(otherStore, "other store, after a multi-row soft delete");
        execute("UPDATE dim_customer SET deleted_at = NULL WHERE customer_id = ANY(:ids)", c12);
        assertCountsMatch(store, "after an undelete");

        // Inserts (one live, one inserted already deleted) and hard deletes (a live and a soft-deleted customer).
        execute("""
                INSERT INTO dim_customer (store_id, external_id, deleted_at)
                VALUES (:s, 'new-1', NULL), (:s, 'new-2', now()), (:o, 'new-3', NULL)""");
        assertCountsMatch(store, "after inserts");
        assertCountsMatch(otherStore, "other store, after an insert");
        long newest = customer(store, "new-1");
        execute("DELETE FROM dim_customer WHERE customer_id = ANY(:ids)", newest, customer(store, "new-2"));
        assertCountsMatch(store, "after hard deletes");

        // A new order inside the window for a customer who was not active, rescored incrementally.
        long c400 = customer(store, "c400");
        execute("""
                INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, amount, currency)
                SELECT :s, 'late-order', customer_id, 20260530, timestamptz '2026-05-30 09:00:00+00', 25, 'EUR'
                FROM dim_customer WHERE customer_id = ANY(:ids)""", c400);
        scorer.rescoreCustomers(store, List.of(c400, c11), AS_OF);
        assertCountsMatch(store, "after an incremental rescoring with a new order");

        scorer.rescoreStore(store, AS_OF);
        assertCountsMatch(store, "after the second full rescoring");
        assertCountsMatch(otherStore, "other store, at the end");
    }

    @Test
    void aStoreWithoutCustomersOrScoresHasZeroCounts() {
        long tenant = jdbi.withHandle(h -> h.createQuery("SELECT tenant_id FROM store WHERE store_id = :s")
                .bind("s", store)
                .mapTo(Long.class)
                .one());
        long empty = newStore(tenant);
        StoreSummary summary = stores.summary(empty, AS_OF);
        assertEquals(0, summary.customers());
        assertEquals(0, summary.scoredCustomers());
        assertEquals(0, summary.activeCustomers());
        assertEquals(10, summary.churnRiskDeciles().size());
        assertEquals(new StoreCustomerCounts(0, 0), stores.customerCounts(empty));
    }
}
