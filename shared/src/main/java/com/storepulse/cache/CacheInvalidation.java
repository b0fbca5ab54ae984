package com.storepulse.cache;

/**
 * What writers (scoring, sync, webhook intake) call after they commit a change, so readers do
 * not serve a stale customer or store aggregate for longer than its TTL.
 */
public interface CacheInvalidation {

    void customerChanged(long storeId, long customerId);

    void storeChanged(long storeId);

    CacheInvalidation NONE = new CacheInvalidation() {
        @Override
        public void customerChanged(long storeId, long customerId) {
        }

        @Override
        public void storeChanged(long storeId) {
        }
    };
}
