/**
 * Stores as a key sees them and store-wide aggregates (archetype breakdown, KPIs), each computed
 * by one index-only scan of the store's score rows (V4 {@code customer_score_store_aggregates_idx}).
 * Shared for the same reason as {@link com.storepulse.customers}.
 */
package com.storepulse.stores;
