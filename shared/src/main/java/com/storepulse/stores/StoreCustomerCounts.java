package com.storepulse.stores;

/**
 * A store's customer counts as GET /v1/stores shows them; cached per store under
 * {@code CacheKeys.StoreAggregate.CUSTOMER_COUNTS}, so storeChanged and customerChanged refresh them.
 *
 * @param customers       live customers (not deleted)
 * @param scoredCustomers customers with a score row
 */
public record StoreCustomerCounts(long customers, long scoredCustomers) {}
