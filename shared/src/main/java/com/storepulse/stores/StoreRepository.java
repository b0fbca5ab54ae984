package com.storepulse.stores;

import com.storepulse.customers.Archetype;
import com.storepulse.customers.ArchetypeCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/** Reads stores and store-wide aggregates; SQL beside this class in {@code StoreRepository/*.sql}. */
public final class StoreRepository {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

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
        Long[] allowed = allowedStoreIds == null ? new Long[0] : allowedStoreIds.toArray(Long[]::new);
        return jdbi.withHandle(h -> h.createQuery(sql("readableStores"))
                .bind("tenantId", tenantId)
                .bind("everyStore", allowedStoreIds == null)
                .bind("allowedStoreIds", allowed)
                .map((rs, ctx) -> new StoreListing(rs.getLong("store_id"), rs.getString("name"),
                        rs.getString("currency"), rs.getString("timezone"), instant(rs, "created_at")))
                .list());
    }

    /** A store's live and scored customers, each counted from an index alone. */
    public StoreCustomerCounts customerCounts(long storeId) {
        return jdbi.withHandle(h -> h.createQuery(sql("customerCounts"))
                .bind("storeId", storeId)
                .map((rs, ctx) -> new StoreCustomerCounts(rs.getLong("customers"), rs.getLong("scored_customers")))
                .one());
    }

    public ArchetypeBreakdown archetypeBreakdown(long storeId, Instant now) {
        List<ArchetypeBreakdown.Entry> entries = jdbi.withHandle(h -> h.createQuery(sql("archetypeBreakdown"))
                .bind("storeId", storeId)
                .map((rs, ctx) -> {
                    Archetype a = archetypes.byId(rs.getInt("archetype_id"));
                    double churn = rs.getDouble("average_churn_risk");
                    Double averageChurn = rs.wasNull() ? null : churn;
                    return new ArchetypeBreakdown.Entry(a.code(), a.name(), a.description(), rs.getLong("customers"),
                            rs.getBigDecimal("total_ltv"), rs.getBigDecimal("average_ltv"), averageChurn);
                })
                .list());
        return new ArchetypeBreakdown(storeId, entries, now);
    }

    /** From the store's rollup (written with its scores) plus two counts read from indexes. */
    public StoreSummary summary(long storeId, Instant now) {
        return jdbi.withHandle(h -> {
            long customers = h.createQuery(sql("liveCustomers")).bind("storeId", storeId).mapTo(Long.class).one();
            long active = h.createQuery(sql("activeCustomers")).bind("storeId", storeId)
                    .bind("activeSince", now.minus(StoreSummary.ACTIVE_WINDOW).atOffset(ZoneOffset.UTC))
                    .mapTo(Long.class).one();
            long[] deciles = new long[10];
            long[] atRisk = {0};
            BigDecimal[] atRiskLtv = {BigDecimal.ZERO};
            BigDecimal[] totalLtv = {BigDecimal.ZERO};
            h.createQuery(sql("summary"))
                    .bind("storeId", storeId)
                    .map((rs, ctx) -> {
                        deciles[rs.getInt("decile")] = rs.getLong("scored_customers");
                        atRisk[0] += rs.getLong("at_risk_customers");
                        atRiskLtv[0] = atRiskLtv[0].add(rs.getBigDecimal("at_risk_ltv"));
                        totalLtv[0] = totalLtv[0].add(rs.getBigDecimal("total_ltv"));
                        return rs.getInt("decile");
                    }).list();
            List<StoreSummary.Decile> buckets = new ArrayList<>(10);
            long scored = 0;
            for (int i = 0; i < 10; i++) {
                buckets.add(new StoreSummary.Decile(i / 10.0, (i + 1) / 10.0, deciles[i]));
                scored += deciles[i];
            }
            return new StoreSummary(storeId, customers, scored, active,
                    new StoreSummary.AtRisk(atRisk[0], money(atRiskLtv[0])), money(totalLtv[0]), List.copyOf(buckets), now);
        });
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
