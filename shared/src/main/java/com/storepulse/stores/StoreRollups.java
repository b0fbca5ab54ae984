package com.storepulse.stores;

import java.util.Collection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

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

    private StoreRollups() {}

    /**
     * Takes the listed customers' current score rows out of the store's rollups: an incremental run
     * calls it before it rewrites or removes those rows, and {@link #addCustomers} after, so its cost
     * follows the customers it rescores, not the store's size (a full run calls {@link #refresh}).
     */
    public static void removeCustomers(Handle handle, long storeId, Collection<Long> customerIds) {
        changeCustomers(handle, storeId, customerIds, "removeCustomers", "removeLastOrderCustomers");
    }

    /** Adds the listed customers' current score rows to the store's rollups (after {@link #removeCustomers}). */
    public static void addCustomers(Handle handle, long storeId, Collection<Long> customerIds) {
        changeCustomers(handle, storeId, customerIds, "addCustomers", "addLastOrderCustomers");
    }

    private static void changeCustomers(
            Handle handle, long storeId, Collection<Long> customerIds, String rollup, String lastOrderRollup) {
        handle.createUpdate(SQL.locate(StoreRollups.class, rollup))
                .bind("storeId", storeId)
                .bindArray("ids", Long.class, customerIds)
                .bindArray("atRiskArchetypes", String.class, StoreSummary.AT_RISK_ARCHETYPES)
                .bind("atRiskChurnRisk", StoreSummary.AT_RISK_CHURN_RISK)
                .execute();
        handle.createUpdate(SQL.locate(StoreRollups.class, lastOrderRollup))
                .bind("storeId", storeId)
                .bindArray("ids", Long.class, customerIds)
                .execute();
    }

    /** Rebuilds the store's rollups from its current scores (one pass over them for each). */
    public static void refresh(Handle handle, long storeId) {
        handle.createUpdate(SQL.locate(StoreRollups.class, "delete"))
                .bind("storeId", storeId)
                .execute();
        handle.createUpdate(SQL.locate(StoreRollups.class, "insert"))
                .bind("storeId", storeId)
                .bindArray("atRiskArchetypes", String.class, StoreSummary.AT_RISK_ARCHETYPES)
                .bind("atRiskChurnRisk", StoreSummary.AT_RISK_CHURN_RISK)
                .execute();
        handle.createUpdate(SQL.locate(StoreRollups.class, "deleteLastOrderDays"))
                .bind("storeId", storeId)
                .execute();
        handle.createUpdate(SQL.locate(StoreRollups.class, "insertLastOrderDays"))
                .bind("storeId", storeId)
                .execute();
    }
}
