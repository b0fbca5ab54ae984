package com.storepulse.stores;

import java.time.Instant;

/**
 * A store as GET /v1/stores lists it.
 *
 * @param customers       live customers (not deleted)
 * @param scoredCustomers customers with a score row: the ones the customer list shows
 */
public record ReadableStore(
        long storeId,
        String name,
        String currency,
        String timezone,
        Instant createdAt,
        long customers,
        long scoredCustomers) {}
