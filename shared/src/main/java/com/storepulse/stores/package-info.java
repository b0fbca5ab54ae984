/**
 * Stores as a key sees them and store-wide aggregates (archetype breakdown, KPIs), read from
 * per-store rows rather than from the store's customers: the rollups the scorer writes with the
 * scores (V8 {@code store_score_rollup}, V11 {@code store_last_order_rollup}, see
 * {@link com.storepulse.stores.StoreRollups}) and the live-customer count that triggers on
 * dim_customer keep (V11 {@code store_live_customers}).
 * Shared for the same reason as {@link com.storepulse.customers}.
 */
package com.storepulse.stores;
