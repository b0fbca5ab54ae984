package com.storepulse.scoring;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final String partition;
    private final int connections;
    /** The store's versions before this run (read by {@link #create}); this run writes version + 1. */
    private ScoreVersions.Current before;

    StorePartitionLoad(Jdbi jdbi, long storeId, int connections) {
        this.jdbi = jdbi;
        this.storeId = storeId;
        // fixed names from a number: never caller text
        this.partition = "customer_score_p" + storeId;
        this.load = partition + "_load";
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
            tx.createUpdate(sql("DropScoreTable")).define("table", load).execute();
            tx.createUpdate(sql("CreateLoadTable"))
                    .define("load", load)
                    .define("storeId", storeId)
                    .execute();
            tx.createQuery(sql("ProtectLoadTable"))
                    .bind("load", load)
                    .mapTo(String.class)
                    .one();
        });
    }

    /** Best effort after a failure: the load table must not wait for the next run. */
    void dropQuietly(Handle h) {
        try {
            if (h.isInTransaction()) {
                h.rollback();
            }
            h.createUpdate(sql("DropScoreTable")).define("table", load).execute();
        } catch (RuntimeException ignored) {
            // the next run of the store drops it
        }
    }

    /** Scores every customer and COPYs the rows in (frozen: the table is truncated in the same transaction). */
    void copy(Handle h, long modelFitId, Instant scoredAt, List<CustomerHistory> customers, StoreScorer scorer) {
        h.useTransaction(tx -> {
            bulkSettings(tx);
            tx.createUpdate(sql("TruncateLoadTable")).define("load", load).execute();
            copyScores(tx, load, ", FREEZE", storeId, modelFitId, scoredAt, version(), customers, scorer);
        });
    }

    /**
     * Builds the primary key and every index of customer_score on the load table, on up to
     * {@code connections} connections at once (each build in its own transaction), then ANALYZEs it.
     */
    void index(Handle h) {
        List<String> ddl = h.createQuery(sql("LoadTableIndexes"))
                .bind("load", load)
                .mapTo(String.class)
                .list();
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(ddl);
        int helpers = Math.min(connections, ddl.size()) - 1;
        String workers = connections > 1 ? "0" : "2";
        if (helpers <= 0) {
            build(h, queue, workers);
        } else {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < helpers; i++) {
                    running.add(pool.submit(() -> jdbi.useHandle(helper -> build(helper, queue, workers))));
                }
                RuntimeException failure = null;
                try {
                    build(h, queue, workers);
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
            tx.createUpdate(sql("AnalyzeLoadTable")).define("load", load).execute();
        });
    }

    private static void build(Handle h, ConcurrentLinkedQueue<String> queue, String parallelWorkers) {
        for (String ddl = queue.poll(); ddl != null; ddl = queue.poll()) {
            String statement = ddl;
            h.useTransaction(tx -> {
                tx.createQuery(sql("BulkSettings"))
                        .bind("parallelWorkers", parallelWorkers)
                        .mapToMap()
                        .one();
                tx.execute(statement);
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
        int gone = tx.createUpdate(sql("DeleteGoneFromLoad"))
                .define("load", load)
                .bind("storeId", storeId)
                .execute();
        boolean hasPartition = tx.createQuery(sql("StorePartitionExists"))
                .bind("partition", partition)
                .mapTo(Boolean.class)
                .one();
        if (hasPartition) {
            tx.createUpdate(sql("DetachStorePartition"))
                    .define("partition", partition)
                    .execute();
        }
        ScoreVersions.retirePartition(
                tx, storeId, hasPartition ? partition : null, before.partitionVersion(), version());
        ScoreVersions.retireDefaultPartitionRows(tx, storeId, version());
        tx.createUpdate(sql("ClearDefaultPartition")).bind("storeId", storeId).execute();
        tx.createUpdate(sql("RenameLoadTable"))
                .define("load", load)
                .define("partition", partition)
                .execute();
        tx.createUpdate(sql("AttachStorePartition"))
                .define("partition", partition)
                .define("storeId", storeId)
                .execute();
        return gone;
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
