package com.storepulse.usage;

import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code api_key_usage_daily} counters. SQL: resources com/storepulse/usage/UsageRepository/*.sql. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(DailyUsage.class)
public interface UsageRepository {

    /** Adds {@code count} to the counter, creating it at {@code count}: one atomic upsert. */
    @SqlUpdate
    void increment(@Bind("apiKeyId") long apiKeyId, @Bind("usageDate") LocalDate usageDate,
                   @Bind("route") String route, @Bind("count") long count);

    /** Ordered by day, then route. */
    @SqlQuery
    List<DailyUsage> daily(@Bind("apiKeyId") long apiKeyId, @Bind("from") LocalDate from, @Bind("to") LocalDate to);
}
