package com.storepulse.scoring;

import com.storepulse.cache.CacheInvalidation;
import com.storepulse.ingest.AfterApply;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The webhook intake's {@link AfterApply}: the changed customers are queued for rescoring in the
 * transaction that applies their change ({@link StoreScoringService#queueForRescoring}), rescored
 * after its commit in one batch with the store's other writers' ({@link
 * StoreScoringService#rescoreQueued}: with the store's current fit, never a refit), and their
 * cached details dropped.
 */
public final class QueuedRescoring implements AfterApply {

    private final StoreScoringService scoring;
    private final CacheInvalidation cache;
    private final Clock clock;

    public QueuedRescoring(StoreScoringService scoring, CacheInvalidation cache, Clock clock) {
        this.scoring = scoring;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public void applying(Handle handle, long storeId, Collection<Long> customerIds) {
        scoring.queueForRescoring(handle, storeId, customerIds);
    }

    /**
     * Rescores, then makes sure no cache serves the customers' data from before their change, even
     * when the rescoring fails (the change is committed all the same). A batch of this call that
     * rewrote scores has already invalidated the whole store, their details with it; otherwise
     * (another writer's batch took them, the store has no fit yet, or the rescoring failed) their
     * own details and the store's aggregates are dropped here, before the sender is answered.
     */
    @Override
    public void changed(long storeId, Map<Long, String> customers) {
        boolean storeInvalidated = false;
        try {
            storeInvalidated = scoring.rescoreQueued(storeId, customers.keySet(), clock.instant())
                    .changedScores();
        } finally {
            if (!storeInvalidated) {
                customers.values().forEach(externalId -> cache.customerChanged(storeId, externalId));
            }
        }
    }
}
