package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.db.Database;
import com.storepulse.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The queued rescoring (group commit, V17) on a real PostgreSQL: a writer queues its customers in
 * the change's transaction, and whichever writer holds the store's scoring lock rescores every
 * queued customer of the store in one batch. Concurrent writers, each with a pool of its own (as
 * Lambda instances are), must end with exactly the scores a sequential rescoring gives.
 */
class QueuedRescoringTest {

    /** Scores as of this instant: every run here, queued or sequential, uses the same day. */
    private static final Instant AS_OF = LocalDate.of(2026, 6, 1).atTime(12, 0).toInstant(ZoneOffset.UTC);

    private static final String SCORE_COLUMNS = """
            customer_id, frequency, recency_days, tenure_days, monetary_value, total_spend, last_order_at,
            p_alive, churn_risk, expected_purchases, purchases_horizon_days, predicted_ltv, ltv_horizon_months,
            archetype_id, r_score, f_score, m_score, segments::text AS segments, model_fit_id""";

    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        jdbi = TestDatabase.shared().jdbi();
    }

    /** A fitted store of {@code customers} customers with a few orders each in the year before AS_OF. */
    private static Store fittedStore(int customers, long seed) {
        long tenant = jdbi.withHandle(h -> h.createQuery(
                        "INSERT INTO tenant (slug, name) VALUES (:s, 'T') RETURNING tenant_id")
                .bind("s", "q-" + UUID.randomUUID().toString().substring(0, 8))
                .mapTo(Long.class)
                .one());
        long store = jdbi.withHandle(
                h -> h.createQuery("INSERT INTO store (tenant_id, name) VALUES (:t, 'Queued') RETURNING store_id")
                        .bind("t", tenant)
                        .mapTo(Long.class)
                        .one());
        Random random = new Random(seed);
        List<Long> ids = new ArrayList<>();
        jdbi.useTransaction(h -> {
            for (int c = 0; c < customers; c++) {
                long id = h.createQuery(
                                "INSERT INTO dim_customer (store_id, external_id) VALUES (:s, :e) RETURNING customer_id")
                        .bind("s", store)
                        .bind("e", "c-" + c)
                        .mapTo(Long.class)
                        .one();
                ids.add(id);
                int orders = 1 + random.nextInt(4);
                for (int o = 0; o < orders; o++) {
                    order(h, store, id, AS_OF.minus(Duration.ofDays(1 + random.nextInt(360))), 5 + random.nextInt(200));
                }
            }
        });
        new StoreScoringService(jdbi, CacheInvalidation.NONE).rescoreStore(store, AS_OF, true);
        return new Store(store, ids);
    }

    private record Store(long id, List<Long> customers) {}

    private static void order(Handle h, long store, long customer, Instant at, double amount) {
        h.createUpdate("INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at, kind, amount,"
                        + " currency) VALUES (:s, :e, :c, :k, :at, 'order', :a, 'USD')")
                .bind("s", store)
                .bind("e", UUID.randomUUID().toString())
                .bind("c", customer)
                .bind("k", ScoringRepository.dateKey(LocalDate.ofInstant(at, ZoneOffset.UTC)))
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("a", amount)
                .execute();
    }

    /** A writer's change: an order for the customer, queued for rescoring in the same transaction. */
    private static void orderAndQueue(
            Jdbi writer, StoreScoringService scoring, long store, long customer, double amount) {
        writer.useTransaction(h -> {
            order(h, store, customer, AS_OF.minus(Duration.ofHours(2)), amount);
            scoring.queueForRescoring(h, store, List.of(customer));
        });
    }

    private static List<Map<String, Object>> scores(long store) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + SCORE_COLUMNS + " FROM customer_score WHERE store_id = :s ORDER BY customer_id")
                .bind("s", store)
                .mapToMap()
                .list());
    }

    private static long queued(long store) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM score_pending WHERE store_id = :s")
                .bind("s", store)
                .mapTo(Long.class)
                .one());
    }

    private static Map<String, Object> score(long customer) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + SCORE_COLUMNS + " FROM customer_score WHERE customer_id = :c")
                        .bind("c", customer)
                        .mapToMap()
                        .one());
    }

    @Test
    void aWriterFindingTheLockFreeRescoresEveryQueuedCustomerOfTheStoreInOneBatch() {
        Store store = fittedStore(6, 1);
        StoreScoringService scoring = new StoreScoringService(jdbi, CacheInvalidation.NONE);
        long a = store.customers().get(0);
        long b = store.customers().get(1);
        long c = store.customers().get(2);
        Map<String, Object> before = score(b);
        orderAndQueue(jdbi, scoring, store.id(), a, 40);
        orderAndQueue(jdbi, scoring, store.id(), b, 900);
        orderAndQueue(jdbi, scoring, store.id(), c, 40);
        orderAndQueue(jdbi, scoring, store.id(), c, 40); // queued twice, rescored once

        ScoringRun batch = scoring.rescoreQueued(store.id(), List.of(a), AS_OF);

        assertEquals(3, batch.customersScored(), "the batch takes the store's queue, not only its caller's customers");
        assertEquals(0, queued(store.id()));
        assertNotEquals(before, score(b), "b's new order is in its score");
        // b's writer comes after the batch: nothing left to do
        assertEquals(0, scoring.rescoreQueued(store.id(), List.of(b), AS_OF).customersScored());
    }

    @Test
    void aWriterWaitsForTheRunningBatchThatTookItsCustomersAndIsThenDone() throws Exception {
        Store store = fittedStore(4, 2);
        StoreScoringService scoring = new StoreScoringService(jdbi, CacheInvalidation.NONE);
        long x = store.customers().get(0);
        long y = store.customers().get(1);
        orderAndQueue(jdbi, scoring, store.id(), x, 10);
        orderAndQueue(jdbi, scoring, store.id(), y, 10);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Handle batch = jdbi.open()) {
            batch.begin();
            // x's writer runs a batch: it takes y too, and holds the store's lock until it commits
            assertEquals(Set.of(x, y), ScoringRepository.takeQueued(batch, store.id(), List.of(x), 1000));

            Future<ScoringRun> yWriter = writer.submit(() -> scoring.rescoreQueued(store.id(), List.of(y), AS_OF));
            awaitAdvisoryWaiter(store.id());
            assertFalse(yWriter.isDone(), "y's writer waits for the batch that took y");

            batch.commit();
            ScoringRun run = yWriter.get(30, TimeUnit.SECONDS);
            assertEquals(0, run.customersScored(), "the batch that took y answers for it");
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void aBatchThatRollsBackLeavesItsCustomersQueuedForTheNextOne() {
        Store store = fittedStore(3, 3);
        StoreScoringService scoring = new StoreScoringService(jdbi, CacheInvalidation.NONE);
        long x = store.customers().get(0);
        orderAndQueue(jdbi, scoring, store.id(), x, 10);
        try (Handle failing = jdbi.open()) {
            failing.begin();
            assertEquals(Set.of(x), ScoringRepository.takeQueued(failing, store.id(), List.of(x), 1000));
            failing.rollback();
        }
        assertEquals(1, queued(store.id()));
        assertEquals(1, scoring.rescoreQueued(store.id(), List.of(x), AS_OF).customersScored());
        assertEquals(0, queued(store.id()));
    }

    /** What a writer's after-commit step asked of the cache, in order. */
    private static final class RecordingInvalidation implements CacheInvalidation {
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void customerChanged(long storeId, String externalCustomerId) {
            calls.add("customer " + externalCustomerId);
        }

        @Override
        public void storeChanged(long storeId) {
            calls.add("store");
        }
    }

    /**
     * A rescoring that fails after the change committed (here: the instance's database is gone)
     * still invalidates the changed customer's cache: the change itself is committed and served.
     */
    @Test
    void aFailedRescoringStillInvalidatesTheChangedCustomers() {
        Store store = fittedStore(2, 5);
        long x = store.customers().get(0);
        orderAndQueue(jdbi, new StoreScoringService(jdbi, CacheInvalidation.NONE), store.id(), x, 10);
        Jdbi unreachable = Jdbi.create("jdbc:postgresql://127.0.0.1:1/gone?connectTimeout=2");
        RecordingInvalidation cache = new RecordingInvalidation();
        QueuedRescoring afterApply = new QueuedRescoring(
                new StoreScoringService(unreachable, cache), cache, java.time.Clock.fixed(AS_OF, ZoneOffset.UTC));

        org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class, () -> afterApply.changed(store.id(), Map.of(x, "c-0")));

        assertEquals(List.of("customer c-0"), cache.calls);
        assertEquals(1, queued(store.id()), "the customer stays queued for the next batch");
    }

    /**
     * The writer whose own batch rescored its customers invalidated the whole store after that
     * batch (details and aggregates alike): nothing per customer on top. A writer whose customers a
     * batch of another writer rescored, or whose store has no fit yet, drops its own customers'.
     */
    @Test
    void aWriterInvalidatesTheStoreAfterItsOwnBatchAndItsCustomersOtherwise() throws Exception {
        Store store = fittedStore(3, 6);
        RecordingInvalidation cache = new RecordingInvalidation();
        StoreScoringService scoring = new StoreScoringService(jdbi, cache);
        QueuedRescoring afterApply = new QueuedRescoring(scoring, cache, java.time.Clock.fixed(AS_OF, ZoneOffset.UTC));
        long x = store.customers().get(0);
        long y = store.customers().get(1);

        orderAndQueue(jdbi, scoring, store.id(), x, 10);
        afterApply.changed(store.id(), Map.of(x, "c-0"));
        assertEquals(List.of("store"), cache.calls, "its own batch");

        cache.calls.clear();
        orderAndQueue(jdbi, scoring, store.id(), y, 10);
        assertEquals(1, scoring.rescoreQueued(store.id(), List.of(x), AS_OF).customersScored());
        cache.calls.clear();
        afterApply.changed(store.id(), Map.of(y, "c-1"));
        assertEquals(List.of("customer c-1"), cache.calls, "another writer's batch took y");

        long unfitted = jdbi.withHandle(h -> h.createQuery(
                        "INSERT INTO store (tenant_id, name) SELECT tenant_id, 'Unfitted' FROM store WHERE store_id = :s"
                                + " RETURNING store_id")
                .bind("s", store.id())
                .mapTo(Long.class)
                .one());
        long z = jdbi.withHandle(h -> h.createQuery(
                        "INSERT INTO dim_customer (store_id, external_id) VALUES (:s, 'z') RETURNING customer_id")
                .bind("s", unfitted)
                .mapTo(Long.class)
                .one());
        orderAndQueue(jdbi, scoring, unfitted, z, 10);
        cache.calls.clear();
        afterApply.changed(unfitted, Map.of(z, "z"));
        assertEquals(List.of("customer z"), cache.calls, "a store never scored: no batch rescored z");
    }

    /**
     * Eight writers at once, each an instance of its own (its own pool and scorer), each ordering for
     * customers of one store and rescoring through the queue: afterwards nothing is queued, and a
     * sequential rescoring of every customer with the same fit changes no score, nor the rollups.
     */
    @Test
    void concurrentWritersEndWithTheScoresOfASequentialRescoring() throws Exception {
        Store store = fittedStore(30, 4);
        int writers = 8;
        int changesEach = 15;
        List<Database> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Database pool = TestDatabase.open(TestDatabase.sharedJdbcUrl(), 2);
                pools.add(pool);
                StoreScoringService scoring = new StoreScoringService(pool.jdbi(), CacheInvalidation.NONE);
                Random random = new Random(100 + w);
                done.add(CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; i < changesEach; i++) {
                                long customer = store.customers()
                                        .get(random.nextInt(store.customers().size()));
                                orderAndQueue(pool.jdbi(), scoring, store.id(), customer, 1 + random.nextInt(300));
                                scoring.rescoreQueued(store.id(), List.of(customer), AS_OF);
                            }
                        },
                        threads));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
            pools.forEach(Database::close);
        }

        assertEquals(0, queued(store.id()));
        List<Map<String, Object>> queuedScores = scores(store.id());
        assertRollupsMatchScores(store.id());
        new StoreScoringService(jdbi, CacheInvalidation.NONE)
                .rescoreCustomersWithCurrentFit(store.id(), store.customers(), AS_OF);
        assertEquals(scores(store.id()), queuedScores);
        assertEquals(30, queuedScores.size());
    }

    /** The store's rollups (written by the batches, incrementally) against an aggregation of its scores. */
    private static void assertRollupsMatchScores(long store) {
        jdbi.useHandle(h -> {
            assertEquals(
                    h.createQuery("""
                                    SELECT archetype_id, least(floor(churn_risk * 10)::int, 9) AS decile, count(*) AS n,
                                           sum(predicted_ltv) AS ltv,
                                           count(*) FILTER (WHERE archetype_id IN (8, 9) OR churn_risk >= 0.7) AS at_risk
                                    FROM customer_score WHERE store_id = :s GROUP BY 1, 2 ORDER BY 1, 2""").bind("s", store).mapToMap().list().toString(),
                    h.createQuery("""
                                    SELECT archetype_id, churn_decile AS decile, customers AS n, total_ltv AS ltv,
                                           at_risk_customers AS at_risk
                                    FROM store_score_rollup WHERE store_id = :s ORDER BY 1, 2""").bind("s", store).mapToMap().list().toString());
            assertEquals(
                    h.createQuery("""
                                    SELECT (last_order_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
                                    FROM customer_score WHERE store_id = :s AND last_order_at IS NOT NULL
                                    GROUP BY 1 ORDER BY 1""").bind("s", store).mapToMap().list().toString(),
                    h.createQuery("""
                                    SELECT last_order_day AS day, customers AS n FROM store_last_order_rollup
                                    WHERE store_id = :s ORDER BY 1""").bind("s", store).mapToMap().list().toString());
        });
    }

    /** Until a session waits for the store's scoring lock (fails after 30 s: a writer that never waits). */
    private static void awaitAdvisoryWaiter(long store) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean waiting = jdbi.withHandle(h ->
                    h.createQuery("""
                            SELECT EXISTS (SELECT 1 FROM pg_locks
                                           WHERE locktype = 'advisory' AND NOT granted AND classid = 23566
                                             AND CAST(objid AS bigint)
                                                 = CAST(hashtext(CAST(:s AS text)) AS bigint) & 4294967295)""").bind("s", store).mapTo(Boolean.class).one());
            if (waiting) {
                return;
            }
            Thread.sleep(20);
        }
        assertTrue(false, "no session waited for store " + store + "'s scoring lock");
    }
}
