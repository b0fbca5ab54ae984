package com.storepulse.stores;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.Update;

/**
 * Writes a store's {@code store_score_rollup} (V8): customers, LTV and churn risk per archetype
 * and churn-risk decile, with the at-risk rule of {@link StoreSummary}; and its
 * {@code store_last_order_rollup} (V11): scored customers per UTC day of their last order, which
 * the summary's active customers add up. Whoever rewrites a store's scores updates them in the same
 * transaction (the scorer is the only writer of customer_score): a full run with {@link #refresh}, an
 * incremental run with {@link #removeCustomers} and {@link #addCustomers} around its write, so the
 * summary and the archetype breakdown agree with the scores they describe.
 */
public final class StoreRollups {

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final Map<String, String> LOCATED = new ConcurrentHashMap<>();

    /** Restricts add.sql and addLastOrderDays.sql to the bound {@code :ids} (a fixed fragment). */
    private static final String LISTED_CUSTOMERS = "AND s.customer_id = ANY(:ids)";

    private StoreRollups() {}

    /** Located once per name (a rescoring runs these with every batch; locating builds paths each time). */
    private static String sql(String name) {
        return LOCATED.computeIfAbsent(name, n -> SQL.locate(StoreRollups.class, n));
    }

    /**
     * Takes the listed customers' current score rows out of the store's rollups: an incremental run
     * calls it before it rewrites or removes those rows, and {@link #addCustomers} after, so its cost
     * follows the customers it rescores, not the store's size (a full run calls {@link #refresh}).
     */
    public static void removeCustomers(Handle handle, long storeId, Collection<Long> customerIds) {
        handle.createUpdate(sql("removeCustomers"))
                .bind("storeId", storeId)
                .bindArray("ids", Long.class, customerIds)
                .bindArray("atRiskArchetypes", String.class, StoreSummary.AT_RISK_ARCHETYPES)
                .bind("atRiskChurnRisk", StoreSummary.AT_RISK_CHURN_RISK)
                .execute();
        handle.createUpdate(sql("removeLastOrderCustomers"))
                .bind("storeId", storeId)
                .bindArray("ids", Long.class, customerIds)
                .execute();
    }

    /** Adds the listed customers' current score rows to the store's rollups (after {@link #removeCustomers}). */
    public static void addCustomers(Handle handle, long storeId, Collection<Long> customerIds) {
        Update rollup = handle.createUpdate(sql("add"));
        Update lastOrderDays = handle.createUpdate(sql("addLastOrderDays"));
        for (Update update : List.of(rollup, lastOrderDays)) {
            update.define("customerFilter", LISTED_CUSTOMERS).bindArray("ids", Long.class, customerIds);
        }
        add(storeId, rollup, lastOrderDays);
    }

    /** Rebuilds the store's rollups from its current scores (one pass over them for each). */
    public static void refresh(Handle handle, long storeId) {
        handle.createUpdate(sql("delete")).bind("storeId", storeId).execute();
        handle.createUpdate(sql("deleteLastOrderDays")).bind("storeId", storeId).execute();
        Update rollup = handle.createUpdate(sql("add"));
        Update lastOrderDays = handle.createUpdate(sql("addLastOrderDays"));
        for (Update update : List.of(rollup, lastOrderDays)) {
            update.define("customerFilter", "");
        }
        add(storeId, rollup, lastOrderDays);
    }

    private static void add(long storeId, Update rollup, Update lastOrderDays) {
        rollup.bind("storeId", storeId)
                .bindArray("atRiskArchetypes", String.class, StoreSummary.AT_RISK_ARCHETYPES)
                .bind("atRiskChurnRisk", StoreSummary.AT_RISK_CHURN_RISK)
                .execute();
        lastOrderDays.bind("storeId", storeId).execute();
    }
}
