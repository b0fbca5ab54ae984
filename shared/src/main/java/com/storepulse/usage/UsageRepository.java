package com.storepulse.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code api_key_usage_daily} counters and flushed batches. SQL: resources com/storepulse/usage/UsageRepository/*.sql. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(DailyUsage.class)
public interface UsageRepository {

    /** Adds {@code count} to the counter, creating it at {@code count}: one atomic upsert. */
    @SqlUpdate
    void increment(
            @Bind("apiKeyId") long apiKeyId,
            @Bind("usageDate") LocalDate usageDate,
            @Bind("route") String route,
            @Bind("count") long count);

    /** Records a batch as flushed; false if it already was (then its counts must not be added again). */
    @SqlUpdate
    boolean claimBatch(@Bind("batchId") UUID batchId, @Bind("requests") long requests);

    /**
     * Adds every counter of a batch; the arrays are parallel. Keys of every tenant in one
     * transaction: through V20's owner function (row-level security would hide other tenants' keys).
     */
    @SqlQuery
    int incrementAll(
            @Bind("apiKeyIds") long[] apiKeyIds,
            @Bind("usageDates") String[] usageDates,
            @Bind("routes") String[] routes,
            @Bind("counts") long[] counts);

    /** Which of these batches are in the table. */
    @SqlQuery
    List<String> appliedBatches(@Bind("batchIds") String[] batchIds);

    @SqlUpdate
    int pruneBatches(@Bind("days") int days);

    /** Ordered by day, then route. */
    @SqlQuery
    List<DailyUsage> daily(@Bind("apiKeyId") long apiKeyId, @Bind("from") LocalDate from, @Bind("to") LocalDate to);
}
