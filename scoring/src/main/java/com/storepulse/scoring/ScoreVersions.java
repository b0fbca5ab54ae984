package com.storepulse.scoring;

import com.storepulse.customers.ScoreSnapshot;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Score versions (V10): what lets a customer-list walk read one snapshot of a store's scores while
 * the scorer rewrites them (docs/scoring.md, "Score versions").
 *
 * <p>Every rescoring of a store, full or incremental, takes the next version of the store
 * ({@code store_scoring_state.score_version}) and stamps it on the rows it writes. What it replaces
 * is retired, not lost: an incremental run copies the listed customers' current rows into
 * {@code customer_score_retired} (valid while {@code score_version <= G < retired_version}); a full
 * run keeps the store's old partition, detached and renamed {@link ScoreSnapshot#keptPartition}. Both are dropped
 * by the store's next run once older than {@link #RETENTION}. SQL beside {@link ScoringRepository}.
 */
public final class ScoreVersions {

    /**
     * How long retired rows and kept partitions stay: the walk lifetime plus a margin for clocks
     * (the API checks a cursor's age with its clock, the scorer ages rows with the database's) and
     * for a walk whose first page raced with the rescoring that retired them.
     */
    public static final Duration RETENTION = ScoreSnapshot.WALK_LIFETIME.plusMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(ScoreVersions.class);
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final Map<String, String> LOCATED = new ConcurrentHashMap<>();

    private ScoreVersions() {}

    /** The store's current version and the version that loaded its current partition. */
    public record Current(long scoreVersion, long partitionVersion) {}

    /** Located once per name (a request runs several statements; locating builds paths each time). */
    private static String sql(String name) {
        return LOCATED.computeIfAbsent(name, n -> SQL.locate(ScoreVersions.class.getPackageName() + "." + n));
    }

    static Current current(Handle h, long storeId) {
        return h.createQuery(sql("CurrentScoreVersion"))
                .bind("storeId", storeId)
                .map((rs, ctx) -> new Current(rs.getLong("score_version"), rs.getLong("partition_version")))
                .one();
    }

    /** An incremental run, before its upsert: the listed customers' current rows, retired at {@code version}. */
    static void retireCustomers(Handle h, long storeId, Collection<Long> customerIds, long version) {
        h.createUpdate(sql("RetireScoreRows"))
                .define("source", "customer_score")
                .define("customerFilter", "AND customer_id = ANY(:ids)")
                .bind("storeId", storeId)
                .bind("version", version)
                .bindArray("ids", Long.class, customerIds)
                .execute();
    }

    /** A full run's swap: the store's rows in the default partition, retired at {@code version}. */
    static void retireDefaultPartitionRows(Handle h, long storeId, long version) {
        h.createUpdate(sql("RetireScoreRows"))
                .define("source", "customer_score_default")
                .define("customerFilter", "")
                .bind("storeId", storeId)
                .bind("version", version)
                .execute();
    }

    /**
     * A full run's swap: the store's former partition (kept by SwapOutPartition.sql under the name
     * {@link ScoreSnapshot#keptPartition} gives, if it had one), registered either way.
     */
    static void registerRetiredPartition(Handle h, long storeId, boolean kept, long firstVersion, long version) {
        h.createUpdate(sql("RegisterRetiredPartition"))
                .bind("storeId", storeId)
                .bind("firstVersion", firstVersion)
                .bind("version", version)
                .bind("hasTable", kept)
                .execute();
    }

    /** The run's version becomes the store's (in the transaction that wrote its rows). */
    static void save(Handle h, long storeId, long version, boolean fullRun) {
        int updated = h.createUpdate(sql("SaveScoreVersion"))
                .bind("storeId", storeId)
                .bind("version", version)
                .bind("full", fullRun)
                .execute();
        if (updated != 1) {
            throw new IllegalStateException(
                    "store " + storeId + " has no scoring state to record version " + version + " in");
        }
    }

    /**
     * Drops the store's retired rows and kept partitions older than {@code retention}, in a
     * transaction of its own, after the run committed. Best effort: a failure (a lock not granted
     * within 2 s) is logged, and the store's next run tries again.
     */
    static void purgeExpired(Jdbi jdbi, long storeId, Duration retention) {
        String interval = retention.toMillis() + " milliseconds";
        try {
            jdbi.useTransaction(tx -> {
                tx.createQuery(sql("PurgeSettings")).mapToMap().one();
                int rows = tx.createUpdate(sql("PurgeRetiredScores"))
                        .bind("storeId", storeId)
                        .bind("retention", interval)
                        .execute();
                List<Long> partitions = tx
                        .createQuery(sql("ExpiredRetiredPartitions"))
                        .bind("storeId", storeId)
                        .bind("retention", interval)
                        .map((rs, ctx) -> rs.getBoolean("has_table") ? rs.getLong("retired_version") : -1L)
                        .stream()
                        .filter(v -> v >= 0)
                        .toList();
                for (long version : partitions) {
                    tx.createQuery(sql("DropKeptPartition"))
                            .bind("storeId", storeId)
                            .bind("version", version)
                            .mapTo(String.class)
                            .one();
                }
                if (rows > 0 || !partitions.isEmpty()) {
                    LOG.info(
                            "store {}: dropped {} retired score rows and {} kept partitions older than {}",
                            storeId,
                            rows,
                            partitions.size(),
                            retention);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn(
                    "store {}: retired scores not purged this time ({}); the next run tries again",
                    storeId,
                    e.toString());
        }
    }
}
