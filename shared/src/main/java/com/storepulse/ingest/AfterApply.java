package com.storepulse.ingest;

import java.util.Map;

/**
 * What a writer does once its changes are committed: rescore the changed customers (incremental
 * scoring with the store's current fit) and drop their cached detail and the store's aggregates.
 * Scoring lives outside shared, so each function hands its own in.
 */
@FunctionalInterface
public interface AfterApply {

    /** @param customers the changed customers, StorePulse id to the retailer's id */
    void changed(long storeId, Map<Long, String> customers);

    AfterApply NONE = (storeId, customers) -> {};
}
