package com.storepulse.demodata;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The frame every demo load runs in: one transaction (all or nothing), no statement timeout,
 * customers and orders locked against other writers, optionally indexes dropped for the load
 * and rebuilt after, customer totals refreshed in one UPDATE, then VACUUM ANALYZE. Each phase
 * is timed and reported.
 */
final class BulkLoad {

    /** What the body of a load wrote; {@code dataEnd} is the exclusive end of its order history. */
    record Written(List<Long> storeIds, long customers, long orders, long returns, Instant dataEnd) {}

    interface Body {
        Written write(Handle handle, BulkLoad load);
    }

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final List<String> LOADED_TABLES = List.of("dim_customer", "fact_order");

    private final Jdbi jdbi;
    private final Consumer<String> log;
    private final Map<String, Duration> phases = new LinkedHashMap<>();

    BulkLoad(Jdbi jdbi, Consumer<String> log) {
        this.jdbi = jdbi;
        this.log = log;
    }

    /** The statement in {@code com/storepulse/demodata/<name>.sql}. */
    static String sql(String name) {
        return SQL.locate(BulkLoad.class.getPackageName() + "." + name);
    }

    LoadReport run(boolean deferIndexes, Body body) {
        long start = System.nanoTime();
        Written written = jdbi.inTransaction(handle -> {
            handle.createScript(sql("BulkLoadSession")).execute();
            DeferredIndexes deferred =
                    deferIndexes ? phase("drop indexes", () -> DeferredIndexes.drop(handle, LOADED_TABLES)) : null;
            Written w = body.write(handle, this);
            handle.createQuery(sql("SyncCustomerIdSequence")).mapTo(Long.class).one();
            phase("analyze", () -> handle.execute(sql("AnalyzeLoadedTables")));
            phase(
                    "customer totals (UPDATE)",
                    () -> handle.createUpdate(sql("RefreshCustomerTotals"))
                            .bindArray("storeIds", Long.class, w.storeIds())
                            .execute());
            if (deferred != null) {
                phase("rebuild " + deferred.definitions().size() + " indexes/keys", () -> deferred.restore(handle));
            }
            return w;
        });
        phase(
                "commit + vacuum analyze",
                () -> jdbi.useHandle(handle -> {
                    // VACUUM cannot run in a transaction and may outlast the pool's statement timeout.
                    handle.execute("SET statement_timeout = 0");
                    try {
                        handle.execute(sql("VacuumAnalyze"));
                    } finally {
                        handle.execute("RESET statement_timeout");
                    }
                }));
        return new LoadReport(
                written.storeIds(),
                written.customers(),
                written.orders(),
                written.returns(),
                written.dataEnd(),
                phases,
                Duration.ofNanos(System.nanoTime() - start));
    }

    long nextCustomerId(Handle handle) {
        return handle.createQuery(sql("MaxCustomerId")).mapTo(Long.class).one() + 1;
    }

    <T> T phase(String name, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        phases.merge(name, took, Duration::plus);
        log.accept(String.format("  %-28s %7.2f s", name, LoadReport.seconds(took)));
        return result;
    }

    void phase(String name, Runnable work) {
        phase(name, () -> {
            work.run();
            return null;
        });
    }
}
