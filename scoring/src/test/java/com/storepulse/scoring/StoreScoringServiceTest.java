package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.db.Database;
import com.storepulse.errors.UnknownStoreException;
import com.storepulse.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scorer against a real PostgreSQL, with the real CDNOW purchases loaded as a store. */
class StoreScoringServiceTest {

    /** dim_date starts in 2000: CDNOW's 1997 dates move 28 years (10,227 days) later, day gaps unchanged. */
    private static final long SHIFT_DAYS = 10_227;

    private static final Instant CDNOW_AS_OF =
            CdnowSample.CALIBRATION_END.plusDays(SHIFT_DAYS).atTime(18, 0).toInstant(ZoneOffset.UTC);

    private static Jdbi jdbi;
    private static long tenantId;
    private static long cdnowStore;
    private static Map<String, Long> cdnowCustomers;

    /** Records what the scorer invalidated. */
    static final class RecordingInvalidation implements CacheInvalidation {
        final List<Long> stores = new ArrayList<>();
        final List<String> customers = new ArrayList<>();

        @Override
        public void customerChanged(long storeId, String externalCustomerId) {
            customers.add(externalCustomerId);
        }

        @Override
        public void storeChanged(long storeId) {
            stores.add(storeId);
        }
    }

    /** The store's rollup (written by the scorer, read by the summary routes) equals an aggregation of its scores. */
    private static void assertRollupMatchesScores(long storeId) {
        String fromScores = """
                SELECT archetype_id, least(floor(churn_risk * 10)::int, 9) AS decile, count(*) AS n, sum(predicted_ltv) AS ltv,
                       count(*) FILTER (WHERE archetype_id IN (8, 9) OR churn_risk >= 0.7) AS at_risk
                FROM customer_score WHERE store_id = :s GROUP BY 1, 2 ORDER BY 1, 2""";
        String fromRollup = """
                SELECT archetype_id, churn_decile AS decile, customers AS n, total_ltv AS ltv, at_risk_customers AS at_risk
                FROM store_score_rollup WHERE store_id = :s ORDER BY 1, 2""";
        jdbi.useHandle(h -> {
            List<Map<String, Object>> expected =
                    h.createQuery(fromScores).bind("s", storeId).mapToMap().list();
            assertFalse(expected.isEmpty());
            assertEquals(
                    expected.toString(),
                    h.createQuery(fromRollup)
                            .bind("s", storeId)
                            .mapToMap()
                            .list()
                            .toString());
        });
    }

    @BeforeAll
    static void loadCdnow() throws IOException {
        Database db = TestDatabase.shared();
        jdbi = db.jdbi();
        tenantId = newTenant();
        cdnowStore = newStore(tenantId);
        cdnowCustomers = new LinkedHashMap<>();
        jdbi.useTransaction(h -> {
            int n = 0;
            List<String> lines = Files.readAllLines(CdnowSample.file());
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 5) {
                    cdnowCustomers.computeIfAbsent(f[1], id -> newCustomer(h, cdnowStore, id));
                }
            }
            PreparedBatch batch =
                    h.prepareBatch("INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at,"
                            + " amount, currency) VALUES (:store, :ext, :customer, :dateKey, :at, :amount, 'USD')");
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 5) {
                    continue;
                }
                LocalDate day =
                        LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE).plusDays(SHIFT_DAYS);
                batch.bind("store", cdnowStore)
                        .bind("ext", "o" + n++)
                        .bind("customer", cdnowCustomers.get(f[1]))
                        .bind("dateKey", ScoringRepository.dateKey(day))
                        .bind("at", day.atTime(12, 0).atOffset(ZoneOffset.UTC))
                        .bind("amount", new java.math.BigDecimal(f[4]))
                        .add();
            }
            batch.execute();
        });
    }

    private static long newTenant() {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO tenant (slug, name) VALUES (:slug, 'Test')")
                .bind("slug", "t-" + UUID.randomUUID().toString().substring(0, 8))
                .executeAndReturnGeneratedKeys("tenant_id")
                .mapTo(Long.class)
                .one());
    }

    private static long newStore(long tenant) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO store (tenant_id, name) VALUES (:tenant, 'Store')")
                .bind("tenant", tenant)
                .executeAndReturnGeneratedKeys("store_id")
                .mapTo(Long.class)
                .one());
    }

    private static long newCustomer(Handle h, long store, String externalId) {
        return h.createUpdate("INSERT INTO dim_customer (store_id, external_id) VALUES (:store, :ext)")
                .bind("store", store)
                .bind("ext", externalId)
                .executeAndReturnGeneratedKeys("customer_id")
                .mapTo(Long.class)
                .one();
    }

    private static void order(long store, long customer, LocalDate day, String kind, double amount) {
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO fact_order (store_id, external_id, customer_id, date_key, ordered_at,"
                                + " kind, amount, currency, fx_rate_to_store) VALUES (:store, :ext, :customer, :dateKey, :at, :kind, :amount, 'EUR', 1.1)")
                .bind("store", store)
                .bind("ext", UUID.randomUUID().toString())
                .bind("customer", customer)
                .bind("dateKey", ScoringRepository.dateKey(day))
                .bind("at", day.atTime(10, 0).atOffset(ZoneOffset.UTC))
                .bind("kind", kind)
                .bind("amount", amount)
                .execute());
    }

    private static Map<String, Object> scoreRow(long customerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM customer_score WHERE customer_id = :id")
                .bind("id", customerId)
                .mapToMap()
                .findOne()
                .orElse(null));
    }

    @Test
    void theCdnowStoreIsFittedToThePublishedEstimatesAndEveryCustomerIsScored() {
        RecordingInvalidation invalidation = new RecordingInvalidation();
        StoreScoringService service = new StoreScoringService(jdbi, invalidation);
        ScoringRun run = service.rescoreStore(cdnowStore, CDNOW_AS_OF, true);

        assertEquals(2357, run.customersScored());
        assertEquals(FitStatus.OK, run.fitStatus(), run.fitNote());
        assertTrue(run.refitted());
        Map<String, Object> fit = jdbi.withHandle(h -> h.createQuery("SELECT * FROM model_fit WHERE model_fit_id = :id")
                .bind("id", run.modelFitId())
                .mapToMap()
                .one());
        assertEquals(0.243, (Double) fit.get("bgnbd_r"), 0.0005);
        assertEquals(4.414, (Double) fit.get("bgnbd_alpha"), 0.0005);
        assertEquals(0.793, (Double) fit.get("bgnbd_a"), 0.0005);
        assertEquals(2.426, (Double) fit.get("bgnbd_b"), 0.0005);
        assertEquals(-9582.4, (Double) fit.get("bgnbd_log_likelihood"), 0.05);
        assertEquals(6.25, (Double) fit.get("gg_p"), 0.005);
        assertEquals(3.74, (Double) fit.get("gg_q"), 0.005);
        assertEquals(15.44, (Double) fit.get("gg_gamma"), 0.005);
        assertEquals(946, fit.get("repeat_customers"));
        assertEquals(List.of(cdnowStore), invalidation.stores);

        // The stored row equals the in-memory computation for the same customer.
        ModelFit modelFit =
                ModelFitter.fit(CdnowSample.load().summarize(CdnowSample.CALIBRATION_END), FitOptions.unpenalized());
        PurchaseSummary first =
                CdnowSample.load().summarize(CdnowSample.CALIBRATION_END).get(0);
        CustomerPredictor.Prediction expected = new CustomerPredictor(modelFit, ScoringHorizons.DEFAULT).predict(first);
        Map<String, Object> row = scoreRow(cdnowCustomers.get("0001"));
        assertEquals(first.frequency(), row.get("frequency"));
        assertEquals(expected.probabilityAlive(), (Double) row.get("p_alive"), 1e-4);
        assertEquals(expected.expectedPurchases(), (Double) row.get("expected_purchases"), 1e-3);
        assertEquals(
                expected.predictedLifetimeValue(),
                ((java.math.BigDecimal) row.get("predicted_ltv")).doubleValue(),
                0.05);
        assertEquals(90, row.get("purchases_horizon_days"));
        assertEquals(12, row.get("ltv_horizon_months"));

        Map<String, Object> summary =
                jdbi.withHandle(h -> h.createQuery("SELECT count(*) AS n, min(p_alive) AS lo, max(p_alive) AS hi,"
                                + " count(DISTINCT archetype_id) AS archetypes, count(*) FILTER (WHERE segments @> '[\"one_time_buyer\"]') AS one_time"
                                + " FROM customer_score WHERE store_id = :s")
                        .bind("s", cdnowStore)
                        .mapToMap()
                        .one());
        assertEquals(2357L, summary.get("n"));
        assertTrue((Double) summary.get("lo") >= 0 && (Double) summary.get("hi") <= 1);
        assertTrue((Long) summary.get("archetypes") >= 6, "archetypes used: " + summary.get("archetypes"));
        assertEquals(2357L - 946, summary.get("one_time"));
        assertRollupMatchesScores(cdnowStore);

        // Same day, nothing new: the fit is reused.
        ScoringRun again = service.rescoreStore(cdnowStore, CDNOW_AS_OF);
        assertFalse(again.refitted());
        assertEquals(run.modelFitId(), again.modelFitId());
    }

    /** A store of 300 simulated customers whose purchases end by {@code end}; its customer ids in order. */
    private static List<Long> simulatedStore(long store, LocalDate end) {
        List<Long> customers = new ArrayList<>();
        List<PurchaseSummary> simulated =
                new CustomerSimulator(11).customers(300, new BgNbd(0.8, 5, 0.6, 3), new GammaGamma(5, 4, 15), 10, 50);
        jdbi.useHandle(h -> {
            for (int i = 0; i < simulated.size(); i++) {
                customers.add(newCustomer(h, store, "c" + i));
            }
        });
        for (int i = 0; i < simulated.size(); i++) {
            PurchaseSummary s = simulated.get(i);
            LocalDate first = end.minusDays(Math.round(s.tenureWeeks() * 7));
            order(store, customers.get(i), first, "order", 30);
            for (int k = 1; k <= s.frequency(); k++) {
                order(
                        store,
                        customers.get(i),
                        first.plusDays(Math.max(1, Math.round(s.recencyWeeks() * 7 * k / s.frequency()))),
                        "order",
                        20 + k);
            }
        }
        return customers;
    }

    @Test
    void aFitOlderThan30DaysOrNewerThanTheScoringDayIsRefitted() {
        long store = newStore(newTenant());
        LocalDate end = LocalDate.of(2024, 12, 30);
        List<Long> customers = simulatedStore(store, end);
        Instant asOf = end.atTime(23, 0).toInstant(ZoneOffset.UTC);
        StoreScoringService service = new StoreScoringService(jdbi, CacheInvalidation.NONE);
        ScoringRun full = service.rescoreStore(store, asOf);
        assertTrue(full.refitted());

        ScoringRun young = service.rescoreCustomers(store, List.of(customers.get(1)), asOf.plus(Duration.ofDays(29)));
        assertFalse(young.refitted(), "29 days old, no new orders: the fit is kept");
        assertFalse(young.wholeStore());

        ScoringRun old = service.rescoreCustomers(store, List.of(customers.get(1)), asOf.plus(Duration.ofDays(31)));
        assertTrue(old.refitted() && old.wholeStore(), "31 days old: refitted, and every customer rescored");
        assertEquals(300, old.customersScored());

        ScoringRun backwards =
                service.rescoreCustomers(store, List.of(customers.get(1)), asOf.plus(Duration.ofDays(1)));
        assertTrue(
                backwards.refitted() && backwards.wholeStore(),
                "scoring as of a day before the fit's calibration end refits on the data up to that day");
        jdbi.useHandle(h -> assertEquals(
                asOf.plus(Duration.ofDays(1)),
                h.createQuery("SELECT calibration_end FROM model_fit WHERE model_fit_id = :id")
                        .bind("id", backwards.modelFitId())
                        .mapTo(java.time.OffsetDateTime.class)
                        .one()
                        .toInstant()));
    }

    /** The webhook path: the current fit scores the changed customer, however old; only rescoreStore refits. */
    @Test
    void rescoringWithTheCurrentFitNeverRefits() {
        long store = newStore(newTenant());
        LocalDate end = LocalDate.of(2024, 12, 30);
        List<Long> customers = simulatedStore(store, end);
        Instant asOf = end.atTime(23, 0).toInstant(ZoneOffset.UTC);
        StoreScoringService service = new StoreScoringService(jdbi, CacheInvalidation.NONE);

        ScoringRun unfitted = service.rescoreCustomersWithCurrentFit(store, List.of(customers.get(1)), asOf);
        assertEquals(0, unfitted.customersScored(), "no fit yet: nobody is scored, no fit is made");
        assertFalse(unfitted.refitted() || unfitted.wholeStore());
        assertEquals(null, scoreRow(customers.get(1)));
        assertEquals(0L, fitsOf(store));

        ScoringRun full = service.rescoreStore(store, asOf);
        ScoringRun old = service.rescoreCustomersWithCurrentFit(
                store, List.of(customers.get(1)), asOf.plus(Duration.ofDays(31)));
        assertFalse(old.refitted() || old.wholeStore(), "31 days old: refit due, but not on this path");
        assertEquals(1, old.customersScored());
        assertEquals(full.modelFitId(), old.modelFitId());
        assertEquals(1L, fitsOf(store));
        ScoringRun backwards = service.rescoreCustomersWithCurrentFit(
                store, List.of(customers.get(2)), asOf.minus(Duration.ofDays(1)));
        assertFalse(backwards.refitted() || backwards.wholeStore());
        assertEquals(1L, fitsOf(store));
    }

    private static long fitsOf(long store) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM model_fit WHERE store_id = :s")
                .bind("s", store)
                .mapTo(Long.class)
                .one());
    }

    @Test
    void incrementalRescoringUpdatesChangedCustomersAndRemovesDeletedOnes() {
        long tenant = newTenant();
        long store = newStore(tenant);
        LocalDate end = LocalDate.of(2024, 1, 1).plusWeeks(52);
        List<Long> customers = simulatedStore(store, end);
        Instant asOf = end.atTime(23, 0).toInstant(ZoneOffset.UTC);
        StoreScoringService service = new StoreScoringService(jdbi, CacheInvalidation.NONE);
        ScoringRun full = service.rescoreStore(store, asOf);
        assertEquals(300, full.customersScored());
        assertEquals(FitStatus.OK, full.fitStatus(), full.fitNote());

        long deleted = customers.get(0);
        long buyer = customers.get(1);
        int frequencyBefore = (Integer) scoreRow(buyer).get("frequency");
        jdbi.useHandle(h -> h.createUpdate("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = :id")
                .bind("id", deleted)
                .execute());
        order(store, buyer, end, "order", 100);
        order(store, buyer, end, "return", -60);

        RecordingInvalidation invalidation = new RecordingInvalidation();
        ScoringRun incremental = new StoreScoringService(jdbi, invalidation)
                .rescoreCustomers(store, List.of(deleted, buyer, buyer), asOf);
        assertFalse(incremental.refitted());
        assertFalse(incremental.wholeStore());
        assertEquals(full.modelFitId(), incremental.modelFitId());
        assertEquals(1, incremental.customersScored());
        assertEquals(1, incremental.scoresRemoved());
        assertEquals(null, scoreRow(deleted));
        Map<String, Object> row = scoreRow(buyer);
        assertEquals(frequencyBefore + 1, row.get("frequency"), "a new purchase day");
        assertEquals(
                0.0,
                (Double) row.get("recency_days") - (Double) row.get("tenure_days"),
                1e-9,
                "bought on the last day");
        assertTrue(
                row.get("segments").toString().contains("discount_seeker"),
                "returned 60 of 110 on the last day: " + row.get("segments"));
        assertEquals(
                List.of(),
                invalidation.customers,
                "one store-wide invalidation covers the rescored customers' details");
        assertEquals(List.of(store), invalidation.stores);
        assertRollupMatchesScores(store);
        jdbi.useHandle(h -> assertEquals(
                299,
                h.createQuery("SELECT count(*) FROM customer_score WHERE store_id = :s")
                        .bind("s", store)
                        .mapTo(Integer.class)
                        .one()));

        // Enough new data (10% of the purchase days the fit saw) makes even an incremental call refit the store.
        long purchaseDays =
                jdbi.withHandle(h -> h.createQuery("SELECT purchase_days FROM model_fit WHERE model_fit_id = :id")
                        .bind("id", full.modelFitId())
                        .mapTo(Long.class)
                        .one());
        for (int i = 0; i < Math.ceil(purchaseDays * StoreScoringService.REFIT_NEW_DATA_SHARE); i++) {
            order(store, customers.get(2 + i % 200), end.plusDays(1), "order", 10);
        }
        ScoringRun refit = service.rescoreCustomers(store, List.of(customers.get(2)), asOf.plusSeconds(86_400));
        assertTrue(refit.refitted());
        assertTrue(refit.wholeStore());
        assertEquals(299, refit.customersScored());
    }

    /** What an incremental rescoring writes for a store: every column of its rows, retired rows, rollups and version. */
    private static List<List<Map<String, Object>>> scoringOutput(Handle h, long storeId) {
        List<String> queries = List.of(
                "SELECT * FROM customer_score WHERE store_id = :s ORDER BY customer_id",
                // retired_at is the transaction's now(): the one column that differs between two runs.
                """
                SELECT customer_id, store_id, frequency, recency_days, tenure_days, monetary_value, total_spend,
                       last_order_at, p_alive, churn_risk, expected_purchases, purchases_horizon_days, predicted_ltv,
                       ltv_horizon_months, archetype_id, r_score, f_score, m_score, segments, model_fit_id, scored_at,
                       score_version, retired_version
                FROM customer_score_retired WHERE store_id = :s ORDER BY customer_id, retired_version""",
                "SELECT * FROM store_score_rollup WHERE store_id = :s ORDER BY archetype_id, churn_decile",
                "SELECT * FROM store_last_order_rollup WHERE store_id = :s ORDER BY last_order_day",
                "SELECT score_version, partition_version FROM store_scoring_state WHERE store_id = :s");
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (String query : queries) {
            out.add(h.createQuery(query).bind("s", storeId).mapToMap().list());
        }
        return out;
    }

    @Test
    void theDirectWriteOfAFewCustomersWritesWhatTheStagedBatchWrites() {
        long tenant = newTenant();
        long store = newStore(tenant);
        LocalDate end = LocalDate.of(2024, 1, 1).plusWeeks(52);
        List<Long> customers = simulatedStore(store, end);
        Instant asOf = end.atTime(23, 0).toInstant(ZoneOffset.UTC);
        StoreScoringService service = new StoreScoringService(jdbi, CacheInvalidation.NONE);
        service.rescoreStore(store, asOf);

        long deleted = customers.get(0);
        long buyer = customers.get(1);
        long returner = customers.get(2);
        long unchanged = customers.get(3);
        long neverBought = jdbi.withHandle(h -> newCustomer(h, store, "never-bought"));
        jdbi.useHandle(h -> h.createUpdate("UPDATE dim_customer SET deleted_at = now() WHERE customer_id = :id")
                .bind("id", deleted)
                .execute());
        order(store, buyer, end, "order", 123.456);
        order(store, returner, end.minusDays(3), "order", 80);
        order(store, returner, end, "return", -55.5);
        // A scoring time with nanoseconds: both writes keep the same microseconds of it.
        Instant scoredAt = asOf.plusNanos(123_456_789);
        java.util.Set<Long> ids =
                new java.util.LinkedHashSet<>(List.of(deleted, buyer, returner, unchanged, neverBought));

        Map<ScoringRepository.ScoreWrite, List<List<Map<String, Object>>>> written = new LinkedHashMap<>();
        Map<ScoringRepository.ScoreWrite, ScoringRun> runs = new LinkedHashMap<>();
        List<List<Map<String, Object>>> before;
        try (Handle h = jdbi.open()) {
            before = scoringOutput(h, store);
            for (ScoringRepository.ScoreWrite write : ScoringRepository.ScoreWrite.values()) {
                h.begin();
                runs.put(write, service.rescoreListed(h, store, ids, scoredAt, false, write));
                written.put(write, scoringOutput(h, store));
                h.rollback();
            }
        }
        ScoringRun staged = runs.get(ScoringRepository.ScoreWrite.STAGED);
        assertEquals(3, staged.customersScored());
        assertEquals(1, staged.scoresRemoved());
        assertEquals(
                staged.toString(), runs.get(ScoringRepository.ScoreWrite.DIRECT).toString());
        List<List<Map<String, Object>>> expected = written.get(ScoringRepository.ScoreWrite.STAGED);
        List<List<Map<String, Object>>> actual = written.get(ScoringRepository.ScoreWrite.DIRECT);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "output " + i + " (rows, retired, rollup, days, version)");
            assertFalse(before.get(i).equals(expected.get(i)), "the run changed output " + i);
        }
    }

    @Test
    void aTinyStoreBorrowsAPooledFitFromItsTenantsOtherStores() {
        long tinyStore = newStore(tenantId);
        long customer = jdbi.withHandle(h -> newCustomer(h, tinyStore, "only"));
        LocalDate asOfDay = CdnowSample.CALIBRATION_END.plusDays(SHIFT_DAYS);
        order(tinyStore, customer, asOfDay.minusDays(40), "order", 25);
        order(tinyStore, customer, asOfDay.minusDays(10), "order", 35);

        ScoringRun run = new StoreScoringService(jdbi, CacheInvalidation.NONE).rescoreStore(tinyStore, CDNOW_AS_OF);
        assertEquals(FitStatus.POOLED, run.fitStatus(), run.fitNote());
        assertTrue(run.fitNote().contains("pooled"), run.fitNote());
        assertEquals(1, run.customersScored());
        Long[] pooled =
                jdbi.withHandle(h -> h.createQuery("SELECT pooled_store_ids FROM model_fit WHERE model_fit_id = :id")
                        .bind("id", run.modelFitId())
                        .mapTo(Long[].class)
                        .one());
        assertTrue(List.of(pooled).contains(cdnowStore));
        Map<String, Object> row = scoreRow(customer);
        assertEquals(1, row.get("frequency"));
        assertEquals(
                66.0,
                ((java.math.BigDecimal) row.get("total_spend")).doubleValue(),
                1e-9,
                "EUR orders at 1.1 to the store's currency");
    }

    @Test
    void aLoneTinyStoreGetsDefaultsAndAnEmptyStoreScoresNobody() {
        long store = newStore(newTenant());
        ScoringRun empty = new StoreScoringService(jdbi, CacheInvalidation.NONE).rescoreStore(store, CDNOW_AS_OF);
        assertEquals(0, empty.customersScored());
        assertEquals(FitStatus.INSUFFICIENT_DATA, empty.fitStatus());

        long customer = jdbi.withHandle(h -> newCustomer(h, store, "one"));
        order(store, customer, LocalDate.of(2025, 9, 1), "order", 12);
        ScoringRun one = new StoreScoringService(jdbi, CacheInvalidation.NONE).rescoreStore(store, CDNOW_AS_OF);
        assertEquals(FitStatus.INSUFFICIENT_DATA, one.fitStatus());
        assertTrue(one.fitNote().contains("no other store"), one.fitNote());
        Map<String, Object> row = scoreRow(customer);
        assertTrue((Double) row.get("churn_risk") > 0, "a one-time buyer is not safe by default");
        assertTrue(row.get("segments").toString().contains("one_time_buyer"));
    }

    @Test
    void anUnknownStoreIsTheDomainsUnknownStoreNotAnHttpError() {
        UnknownStoreException e = assertThrows(
                UnknownStoreException.class,
                () -> new StoreScoringService(jdbi, CacheInvalidation.NONE).rescoreStore(987_654_321L, CDNOW_AS_OF));
        assertEquals(987_654_321L, e.storeId());
    }
}
