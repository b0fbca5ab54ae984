package com.storepulse.cache;

/**
 * What writers (scoring, sync, webhook intake) call after they commit a change, so readers do
 * not serve a stale customer or store aggregate for longer than its TTL.
 */
public interface CacheInvalidation {

    /** One customer changed (profile, orders, score, deletion): drops their detail and the store's aggregates. */
    void customerChanged(long storeId, String externalCustomerId);

    /**
     * {@link #customerChanged}, answering whether the cache confirmed it: true once the entries are
     * gone (or when nothing can hold them), false when that is not known (the entries then expire
     * by their TTL). An erasure waits for the answer; other writers need not.
     */
    default boolean customerChangedConfirmed(long storeId, String externalCustomerId) {
        customerChanged(storeId, externalCustomerId);
        return false;
    }

    /** Many or all customers of the store changed (a rescoring): drops every cached detail and aggregate of the store. */
    void storeChanged(long storeId);

    CacheInvalidation NONE = new CacheInvalidation() {
        @Override
        public void customerChanged(long storeId, String externalCustomerId) {}

        @Override
        public boolean customerChangedConfirmed(long storeId, String externalCustomerId) {
            return true;
        }

        @Override
        public void storeChanged(long storeId) {}
    };
}
