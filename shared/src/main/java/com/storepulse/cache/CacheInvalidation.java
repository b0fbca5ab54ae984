package com.storepulse.cache;

/**
 * What writers (scoring, sync, webhook intake) call after they commit a change, so readers do
 * not serve a stale customer or store aggregate for longer than its TTL.
 */
public interface CacheInvalidation {

    /** One customer changed (profile, orders, score, deletion): drops their detail and the store's aggregates. */
    void customerChanged(long storeId, String externalCustomerId);

    /** Many or all customers of the store changed (a rescoring): drops every cached detail and aggregate of the store. */
    void storeChanged(long storeId);

    CacheInvalidation NONE = new CacheInvalidation() {
        @Override
        public void customerChanged(long storeId, String externalCustomerId) {}

        @Override
        public void storeChanged(long storeId) {}
    };
}
