package com.storepulse.stores;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Per archetype of a store: the cached body of GET /v1/stores/{storeId}/archetypes. */
public record ArchetypeBreakdown(long storeId, List<Entry> archetypes, Instant computedAt) {

    /** Averages are null when the archetype has no customer in the store. */
    public record Entry(
            String code,
            String name,
            String description,
            long customers,
            BigDecimal totalPredictedLtv,
            BigDecimal averagePredictedLtv,
            Double averageChurnRisk) {}
}
