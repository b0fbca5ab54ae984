package com.storepulse.stores;

import com.storepulse.customers.Archetype;
import com.storepulse.customers.ArchetypeCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.Query;

/** Reads stores and store-wide aggregates; SQL beside this class in {@code StoreRepository/*.sql}. */
public final class StoreRepository {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    // Located once: a look-up builds and sanitises the resource path on every call.
    private static final String READABLE_STORES_SQL = sql("readableStores");
    private static final String CUSTOMER_COUNTS_SQL = sql("customerCounts");
    private static final String ARCHETYPE_BREAKDOWN_SQL = sql("archetypeBreakdown");
    private static final String SUMMARY_SQL = sql("summary");

    private final Jdbi jdbi;
    private final ArchetypeCatalog archetypes;

    public StoreRepository(Jdbi jdbi, ArchetypeCatalog archetypes) {
        this.jdbi = jdbi;
        this.archetypes = archetypes;
    }

    /**
     * The tenant's stores, restricted to {@code allowedStoreIds} unless it is null (every store of
     * the tenant), without their counts (those are {@link #customerCounts}, cached per store).
     */
    public List<StoreListing> readableStores(long tenantId, Set<Long> allowedStoreIds) {
        return jdbi.withHandle(h -> readableStoresStatement(h, tenantId, allowedStoreIds)
                .map((rs, ctx) -> new StoreListing(
                        rs.getLong("store_id"),
                        rs.getString("name"),
                        rs.getString("currency"),
                        rs.getString("timezone"),
                        instant(rs, "created_at")))
                .list());
    }

    /** A store's live and scored customers, from the trigger-kept count and the rollup (V11, V8). */
    public StoreCustomerCounts customerCounts(long storeId) {
        return jdbi.withHandle(h -> customerCountsStatement(h, storeId)
                .map((rs, ctx) -> new StoreCustomerCounts(rs.getLong("customers"), rs.getLong("scored_customers")))
                .one());
    }

    /**
     * {@link #customerCounts(long)} of several stores on one connection (one statement per store,
     * the same statement): what a store list whose counts missed in the cache loads.
     */
    public Map<Long, StoreCustomerCounts> customerCounts(Collection<Long> storeIds) {
        if (storeIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> {
            Map<Long, StoreCustomerCounts> counts = new LinkedHashMap<>();
            for (long storeId : storeIds) {
                counts.put(
                        storeId,
                        customerCountsStatement(h, storeId)
                                .map((rs, ctx) -> new StoreCustomerCounts(
                                        rs.getLong("customers"), rs.getLong("scored_customers")))
                                .one());
            }
            return counts;
        });
    }

    public ArchetypeBreakdown archetypeBreakdown(long storeId, Instant now) {
        List<ArchetypeBreakdown.Entry> entries = jdbi.withHandle(h -> archetypeBreakdownStatement(h, storeId)
                .map((rs, ctx) -> {
                    Archetype a = archetypes.byId(rs.getInt("archetype_id"));
                    double churn = rs.getDouble("average_churn_risk");
                    Double averageChurn = rs.wasNull() ? null : churn;
                    return new ArchetypeBreakdown.Entry(
                            a.code(),
                            a.name(),
                            a.description(),
                            rs.getLong("customers"),
                            rs.getBigDecimal("total_ltv"),
                            rs.getBigDecimal("average_ltv"),
                            averageChurn);
                })
                .list());
        return new ArchetypeBreakdown(storeId, entries, now);
    }

    /**
     * One statement (one snapshot) over the store's rollups: the live-customer count the
     * dim_customer triggers keep (V11), the last-order days and the churn deciles the scorer wrote
     * with the scores (V11, V8), and one day of the recency index for the active window's first
     * day. Nothing in it grows with the store.
     */
    public StoreSummary summary(long storeId, Instant now) {
        long[] deciles = new long[10];
        long[] counts = {0, 0};
        long[] atRisk = {0};
        BigDecimal[] atRiskLtv = {BigDecimal.ZERO};
        BigDecimal[] totalLtv = {BigDecimal.ZERO};
        jdbi.useHandle(h -> summaryStatement(h, storeId, now)
                .map((rs, ctx) -> {
                    counts[0] = rs.getLong("live_customers");
                    counts[1] = rs.getLong("active_customers");
                    int decile = rs.getInt("decile");
                    if (!rs.wasNull()) {
                        deciles[decile] = rs.getLong("scored_customers");
                        atRisk[0] += rs.getLong("at_risk_customers");
                        atRiskLtv[0] = atRiskLtv[0].add(rs.getBigDecimal("at_risk_ltv"));
                        totalLtv[0] = totalLtv[0].add(rs.getBigDecimal("total_ltv"));
                    }
                    return decile;
                })
                .list());
        List<StoreSummary.Decile> buckets = new ArrayList<>(10);
        long scored = 0;
        for (int i = 0; i < 10; i++) {
            buckets.add(new StoreSummary.Decile(i / 10.0, (i + 1) / 10.0, deciles[i]));
            scored += deciles[i];
        }
        return new StoreSummary(
                storeId,
                counts[0],
                scored,
                counts[1],
                new StoreSummary.AtRisk(atRisk[0], money(atRiskLtv[0])),
                money(totalLtv[0]),
                List.copyOf(buckets),
                now);
    }

    // The statements the methods above run, bound: what the benchmarks time as the routes' bare SQL.

    public Query readableStoresStatement(Handle handle, long tenantId, Set<Long> allowedStoreIds) {
        Long[] allowed = allowedStoreIds == null ? new Long[0] : allowedStoreIds.toArray(Long[]::new);
        return handle.createQuery(READABLE_STORES_SQL)
                .bind("tenantId", tenantId)
                .bind("everyStore", allowedStoreIds == null)
                .bind("allowedStoreIds", allowed);
    }

    public Query customerCountsStatement(Handle handle, long storeId) {
        return handle.createQuery(CUSTOMER_COUNTS_SQL).bind("storeId", storeId);
    }

    public Query archetypeBreakdownStatement(Handle handle, long storeId) {
        return handle.createQuery(ARCHETYPE_BREAKDOWN_SQL).bind("storeId", storeId);
    }

    public Query summaryStatement(Handle handle, long storeId, Instant now) {
        Instant activeSince = now.minus(StoreSummary.ACTIVE_WINDOW);
        LocalDate activeSinceDay = LocalDate.ofInstant(activeSince, ZoneOffset.UTC);
        OffsetDateTime dayAfter = activeSinceDay.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        return handle.createQuery(SUMMARY_SQL)
                .bind("storeId", storeId)
                .bind("activeSince", activeSince.atOffset(ZoneOffset.UTC))
                .bind("activeSinceDay", activeSinceDay)
                .bind("dayAfter", dayAfter);
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String sql(String name) {
        return SQL.locate(StoreRepository.class, name);
    }
}
