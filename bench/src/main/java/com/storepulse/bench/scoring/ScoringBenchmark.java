package com.storepulse.bench.scoring;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.db.Database;
import com.storepulse.schema.Migrations;
import com.storepulse.scoring.CustomerHistory;
import com.storepulse.scoring.FitOptions;
import com.storepulse.scoring.ModelFit;
import com.storepulse.scoring.ModelFitter;
import com.storepulse.scoring.PurchaseSummary;
import com.storepulse.scoring.ScoringRun;
import com.storepulse.scoring.StoreScorer;
import com.storepulse.scoring.StoreScoringService;
import com.storepulse.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * Scoring benchmark: model fit time for stores of 10,000 / 100,000 / 1,000,000 customers, and
 * end-to-end rescoring of the 1,000,000-customer store (read histories from PostgreSQL, refit,
 * score, COPY into a new partition, index it, swap it in). Synthetic customers and orders are generated with SQL generate_series into
 * a fresh database on DATABASE_URL (an embedded PostgreSQL without it). Prints medians.
 *
 * <p>Arguments: {@code [runs] [sizes...]}, default {@code 5 10000 100000 1000000}.
 */
public final class ScoringBenchmark {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final LocalDate END_DAY = LocalDate.of(2025, 12, 31);

    private ScoringBenchmark() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length)
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : new int[] {10_000, 100_000, 1_000_000};
        String url = TestDatabase.createEmptyDatabase("sp_bench_scoring");
        try (Database db = TestDatabase.open(url, 4)) {
            Migrations.migrate(db.dataSource());
            Jdbi jdbi = db.jdbi();
            long tenant =
                    jdbi.withHandle(h -> h.createUpdate("INSERT INTO tenant (slug, name) VALUES ('bench', 'Bench')")
                            .executeAndReturnGeneratedKeys("tenant_id")
                            .mapTo(Long.class)
                            .one());
            Instant asOf = END_DAY.atTime(23, 0).toInstant(ZoneOffset.UTC);
            System.out.printf(
                    "scoring benchmark: %d runs per figure, medians; %d cores; %s%n",
                    runs, Runtime.getRuntime().availableProcessors(), Runtime.version());
            // BENCH_SCORING_CONNECTIONS (default 2): connections a full rescoring may use at once (the pool has 4)
            int connections = Integer.parseInt(System.getenv().getOrDefault("BENCH_SCORING_CONNECTIONS", "2"));
            System.out.printf("full rescoring with %d connection(s)%n", connections);
            StoreScoringService service =
                    new StoreScoringService(jdbi, CacheInvalidation.NONE).withConnections(connections);
            long largestStore = -1;
            for (int size : sizes) {
                long store = generateStore(jdbi, tenant, size);
                largestStore = store;
                List<CustomerHistory> histories = service.customerHistories(store, asOf);
                List<PurchaseSummary> summaries = StoreScorer.summaries(histories, END_DAY.toEpochDay());
                double[] seconds = new double[runs];
                ModelFit fit = null;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    fit = ModelFitter.fit(summaries, FitOptions.defaults());
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                }
                System.out.printf(
                        "fit  %,9d customers: median %.3f s (min %.3f, max %.3f); status %s, r=%.3f alpha=%.3f a=%.3f b=%.3f p=%.2f q=%.2f gamma=%.2f%n",
                        summaries.size(),
                        median(seconds),
                        min(seconds),
                        max(seconds),
                        fit.status().code(),
                        fit.bgNbd().r(),
                        fit.bgNbd().alpha(),
                        fit.bgNbd().a(),
                        fit.bgNbd().b(),
                        fit.gammaGamma().p(),
                        fit.gammaGamma().q(),
                        fit.gammaGamma().gamma());
            }
            double[] seconds = new double[runs];
            ScoringRun run = null;
            for (int i = 0; i < runs; i++) {
                if (i > 0) {
                    vacuumScores(jdbi);
                }
                long t0 = System.nanoTime();
                run = service.rescoreStore(largestStore, asOf, true);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "  rescore run %d: %.2f s (%s)%n",
                        i + 1, seconds[i], i == 0 ? "score table empty" : "rows replaced");
            }
            System.out.printf(
                    "rescore %,d customers end to end (read, refit, score, COPY, index, swap): median %.2f s = %,.0f customers/s%n",
                    run.customersScored(), median(seconds), run.customersScored() / median(seconds));
            long scoredStore = largestStore;
            List<Long> some = jdbi.withHandle(h -> h.createQuery(
                            "SELECT customer_id FROM dim_customer WHERE store_id = :s ORDER BY customer_id LIMIT 1000")
                    .bind("s", scoredStore)
                    .mapTo(Long.class)
                    .list());
            double[] incremental = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                service.rescoreCustomers(run.storeId(), some, asOf);
                incremental[i] = (System.nanoTime() - t0) / 1e9;
            }
            System.out.printf("rescore 1,000 customers incrementally: median %.3f s%n", median(incremental));
        }
    }

    private static long generateStore(Jdbi jdbi, long tenant, int customers) {
        long t0 = System.nanoTime();
        long store = jdbi.withHandle(h -> h.createUpdate("INSERT INTO store (tenant_id, name) VALUES (:t, :n)")
                .bind("t", tenant)
                .bind("n", "bench " + customers)
                .executeAndReturnGeneratedKeys("store_id")
                .mapTo(Long.class)
                .one());
        generateCustomers(jdbi, store, customers, END_DAY);
        System.out.printf(
                "generated store %d: %,d customers in %.1f s%n", store, customers, (System.nanoTime() - t0) / 1e9);
        return store;
    }

    /**
     * {@code customers} synthetic customers of {@code store} with their order history up to
     * {@code endDay} (GenerateCustomers.sql, GenerateOrders.sql), then ANALYZE.
     */
    public static void generateCustomers(Jdbi jdbi, long store, int customers, LocalDate endDay) {
        jdbi.useHandle(h -> {
            h.execute("SET statement_timeout = 0");
            h.createUpdate(SQL.locate("com.storepulse.bench.scoring.GenerateCustomers"))
                    .bind("storeId", store)
                    .bind("customers", customers)
                    .execute();
            h.createUpdate(SQL.locate("com.storepulse.bench.scoring.GenerateOrders"))
                    .bind("storeId", store)
                    .bind("endDay", endDay)
                    .execute();
            h.execute("ANALYZE dim_customer");
            h.execute("ANALYZE fact_order");
        });
    }

    /**
     * What autovacuum does between two nightly rescorings: clear the previous run's million dead
     * rows and index entries. The PostgreSQL on the dev machine runs with autovacuum off, and
     * without this each run inserts into indexes holding every earlier run's dead entries.
     * Set BENCH_NO_VACUUM=1 to measure that worst case.
     */
    private static void vacuumScores(Jdbi jdbi) {
        if (System.getenv("BENCH_NO_VACUUM") != null) {
            return;
        }
        long t0 = System.nanoTime();
        jdbi.useHandle(h -> {
            h.execute("SET statement_timeout = 0");
            h.execute("VACUUM customer_score");
        });
        System.out.printf(
                "  VACUUM customer_score between runs: %.1f s (not counted)%n", (System.nanoTime() - t0) / 1e9);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
