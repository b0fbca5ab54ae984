package com.storepulse.ingest;

import java.util.Map;

/**
 * The result of applying one change: its outcome and the customers whose data it changed, by
 * StorePulse id with their retailer ids (what the caller rescores and invalidates after commit).
 * Empty when the change was stale.
 */
public record Applied(ApplyOutcome outcome, Map<Long, String> changedCustomers) {

    public Applied {
        changedCustomers = Map.copyOf(changedCustomers);
    }

    static Applied stale() {
        return new Applied(ApplyOutcome.STALE, Map.of());
    }
}
