package com.storepulse.ingest;

import java.util.Map;

/**
 * What a {@link BulkApplier} batch changed: rows written (inserted or different from before), how
 * many of those are deletions, and the customers whose data changed (StorePulse id to the
 * retailer's id), to rescore and invalidate after commit.
 */
public record BulkApplied(long written, long deleted, Map<Long, String> changedCustomers) {

    public BulkApplied {
        changedCustomers = Map.copyOf(changedCustomers);
    }
}
