package com.storepulse.azuresync;

import com.storepulse.ingest.AfterApply;
import com.storepulse.scoring.StoreScoringService;
import java.time.Clock;
import java.util.Map;

/**
 * After a sync batch commits: the changed customers are rescored with the store's current fit
 * (incremental scoring), or the whole store is refitted and rescored when its refit is due
 * ({@link StoreScoringService#rescoreCustomers} decides); the scoring service then drops the
 * store's cached details and aggregates (it was built with the function's cache as its
 * {@link com.storepulse.cache.CacheInvalidation}), so one store-wide invalidation covers every
 * changed customer instead of one Redis call each.
 */
final class RescoreChangedCustomers implements AfterApply {

    private final StoreScoringService scoring;
    private final Clock clock;

    RescoreChangedCustomers(StoreScoringService scoring, Clock clock) {
        this.scoring = scoring;
        this.clock = clock;
    }

    @Override
    public void changed(long storeId, Map<Long, String> customers) {
        if (!customers.isEmpty()) {
            scoring.rescoreCustomers(storeId, customers.keySet(), clock.instant());
        }
    }
}
