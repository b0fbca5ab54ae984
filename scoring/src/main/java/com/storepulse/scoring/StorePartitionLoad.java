package com.storepulse.scoring;

import com.storepulse.db.TenantScope;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The write half of a full rescoring: a store's new scores go into a table of their own
 * ({@code customer_score_p<store>_load}), which is indexed like customer_score, analysed, and then
 * swapped in for the store's partition ({@code customer_score_p<store>}) in one short transaction.
 * Readers see the old partition until that transaction commits and the new one after it. The new
 * rows carry the run's score version; the old partition is kept, detached and renamed, for walks
 * pinned at an earlier version ({@link ScoreVersions}).
 *
 * <p>The load table and the partitions are the owner's: every step that is DDL (create, index,
 * analyse, detach, attach, drop) is a call of one of V20's owner functions for this store, which a
 * rescoring running as the application role may make for a store of its tenant; the COPY writes
 * the load table between two of them in one transaction (docs/architecture.md, "Row-level
 * security").
 *
 * <p>Every step runs on the caller's handle except the index builds, which {@code connections}
 * handles share (more than one: the builds run side by side, one per connection). SQL lives
 * beside {@link ScoringRepository} in resources/com/storepulse/scoring/.
 */
final class StorePartitionLoad {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final int COPY_CHUNK_BYTES = 1 << 20;

    private final Jdbi jdbi;
    private final long storeId;
    private final String load;
    private final int connections;
    /** The store's versions before this run (read by {@link #create}); this run writes version + 1. */
    private ScoreVersions.Current before;

    StorePartitionLoad(Jdbi jdbi, long storeId, int connections) {
        this.jdbi = jdbi;
        this.storeId = storeId;
        // a fixed name from a number, never caller text: V20's functions make the same one
        this.load = "customer_score_p" + storeId + "_load";
        this.connections = Math.max(1, connections);
    }

    private static String sql(String name) {
        return SQL.locate(StorePartitionLoad.class.getPackageName() + "." + name);
    }

    /**
     * Drops a load table a failed run left, and creates an empty one (its own transaction). Reads
     * the store's score version there: the caller holds the store's scoring lock, so no other run
     * takes the next one.
     */
    void create(Handle h) {
        h.useTransaction(tx -> {
            bulkSettings(tx);
            before = ScoreVersions.current(tx, storeId);
            ownerStep(tx, "CreateLoadTable", storeId);
        });
    }

    /**
     * One step of V20's owner functions for a rescoring's DDL (the load table and the partitions
     * are the owner's; a rescoring may run as the application role): {@code SELECT f(:storeId)}.
     */
    private static void ownerStep(Handle h, String name, long storeId) {
        h.createQuery(sql(name)).bind("storeId", storeId).mapTo(String.class).one();
    }

    /** Best effort after a failure: the load table must not wait for the next run. */
    void dropQuietly(Handle h) {
        try {
            if (h.isInTransaction()) {
                h.rollback();
            }
            ownerStep(h, "DropLoadTable", storeId);
        } catch (RuntimeException ignored) {
            // the next run of the store drops it
        }
    }

    /** Scores every customer and COPYs the rows in (frozen: the table is truncated in the same transaction). */
    void copy(Handle h, long modelFitId, Instant scoredAt, List<CustomerHistory> customers, StoreScorer scorer) {
        h.useTransaction(tx -> {
            bulkSettings(tx);
            ownerStep(tx, "OpenLoadTable", storeId);
            copyScores(tx, load, ", FREEZE", storeId, modelFitId, scoredAt, version(), customers, scorer);
            ownerStep(tx, "CloseLoadTable", storeId);
        });
    }

    /**
     * Builds the primary key and every index of customer_score on the load table, on up to
     * {@code connections} connections at once (each build in its own transaction), then ANALYZEs it.
     */
    void index(Handle h) {
        List<String> ddl = h.createQuery(sql("LoadTableIndexes"))
                .bind("storeId", storeId)
                .mapTo(String.class)
                .list();
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(ddl);
        int helpers = Math.min(connections, ddl.size()) - 1;
        String workers = connections > 1 ? "0" : "2";
        if (helpers <= 0) {
            build(h, storeId, queue, workers);
        } else {
            // the helpers' connections name this thread's tenant too (row-level security, V20's check)
            OptionalLong tenant = TenantScope.current();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < helpers; i++) {
                    Runnable helping = () -> jdbi.useHandle(helper -> build(helper, storeId, queue, workers));
                    running.add(pool.submit(() -> tenant.ifPresentOrElse(t -> TenantScope.run(t, helping), helping)));
                }
                RuntimeException failure = null;
                try {
                    build(h, storeId, queue, workers);
                } catch (RuntimeException e) {
                    queue.clear();
                    failure = e;
                }
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        if (failure == null) {
                            failure = e.getCause() instanceof RuntimeException r
                                    ? r
                                    : new IllegalStateException(e.getCause());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while building indexes of " + load, e);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        }
        h.useTransaction(tx -> {
            bulkSettings(tx);
            ownerStep(tx, "AnalyzeLoadTable", storeId);
        });
    }

    private static void build(Handle h, long storeId, ConcurrentLinkedQueue<String> queue, String parallelWorkers) {
        for (String ddl = queue.poll(); ddl != null; ddl = queue.poll()) {
            String statement = ddl;
            h.useTransaction(tx -> {
                tx.createQuery(sql("BulkSettings"))
                        .bind("parallelWorkers", parallelWorkers)
                        .mapToMap()
                        .one();
                tx.createQuery(sql("BuildLoadIndex"))
                        .bind("storeId", storeId)
                        .bind("ddl", statement)
                        .mapTo(String.class)
                        .one();
            });
        }
    }

    /** Score rows the store has now (read before the swap, for {@link ScoringRun#scoresRemoved()}). */
    int currentRows(Handle h) {
        return h.createQuery(sql("CountStoreScores"))
                .bind("storeId", storeId)
                .mapTo(Integer.class)
                .one();
    }

    /** The score version this run writes (the store's version before it, plus one). */
    long version() {
        if (before == null) {
            throw new IllegalStateException("create() first");
        }
        return before.scoreVersion() + 1;
    }

    /**
     * The swap, in the caller's transaction (which also records the fit and the scoring state):
     * blocks customer deletes, drops the rows of customers deleted since the read, detaches the old
     * partition and keeps it under its retired name, retires the store's rows in the default
     * partition, attaches the new one. Returns how many loaded rows were dropped as deleted.
     */
    int swap(Handle tx) {
        bulkSettings(tx);
        tx.execute(sql("LockCustomersForSwap"));
        boolean hadPartition = tx.createQuery(sql("SwapOutPartition"))
                .bind("storeId", storeId)
                .bind("version", version())
                .mapTo(Boolean.class)
                .one();
        ScoreVersions.registerRetiredPartition(tx, storeId, hadPartition, before.partitionVersion(), version());
        ScoreVersions.retireDefaultPartitionRows(tx, storeId, version());
        tx.createUpdate(sql("ClearDefaultPartition")).bind("storeId", storeId).execute();
        return tx.createQuery(sql("SwapInLoadTable"))
                .bind("storeId", storeId)
                .mapTo(Integer.class)
                .one();
    }

    /** BulkSettings.sql for a transaction of a full rescoring. */
    static void bulkSettings(Handle tx) {
        tx.createQuery(sql("BulkSettings"))
                .bind("parallelWorkers", "2")
                .mapToMap()
                .one();
    }

    /**
     * Scores the customers and COPYs the rows into {@code table} (a load table or the staging
     * table: a fixed name, never input), in binary. Scoring as the rows go lets Java score while
     * PostgreSQL consumes the previous chunk.
     */
    static void copyScores(
            Handle h,
            String table,
            String options,
            long storeId,
            long modelFitId,
            Instant scoredAt,
            long scoreVersion,
            List<CustomerHistory> customers,
            StoreScorer scorer) {
        try {
            CopyIn copy = h.getConnection()
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(sql("CopyScores").replace("<table>", table).replace("<options>", options));
            try {
                ScoreCopyEncoder rows =
                        new ScoreCopyEncoder(COPY_CHUNK_BYTES, storeId, modelFitId, scoredAt, scoreVersion);
                for (CustomerHistory c : customers) {
                    rows.row(scorer.score(c));
                    if (rows.full()) {
                        copy.writeToCopy(rows.array(), 0, rows.length());
                        rows.clear();
                    }
                }
                rows.trailer();
                copy.writeToCopy(rows.array(), 0, rows.length());
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "COPY of " + customers.size() + " scores for store " + storeId + " failed", e);
        }
    }
}
