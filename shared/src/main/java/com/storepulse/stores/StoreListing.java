package com.storepulse.stores;

import java.time.Instant;

/** A store a key may read, before its customer counts are added (see {@link ReadableStore}). */
public record StoreListing(long storeId, String name, String currency, String timezone, Instant createdAt) {

    public ReadableStore withCounts(StoreCustomerCounts counts) {
        return new ReadableStore(
                storeId, name, currency, timezone, createdAt, counts.customers(), counts.scoredCustomers());
    }
}
