package com.storepulse.stores;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Store KPIs: the cached body of GET /v1/stores/{storeId}/summary.
 *
 * @param customers          live customers of the store
 * @param scoredCustomers    customers with scores; every other figure is over these
 * @param activeCustomers    scored customers whose last order is within {@link #ACTIVE_WINDOW} of computedAt
 * @param atRisk             customers in an at-risk archetype or with churn risk >= {@link #AT_RISK_CHURN_RISK}
 * @param churnRiskDeciles   ten buckets [0, 0.1) .. [0.9, 1.0]
 */
public record StoreSummary(
        long storeId,
        long customers,
        long scoredCustomers,
        long activeCustomers,
        AtRisk atRisk,
        BigDecimal totalPredictedLtv,
        List<Decile> churnRiskDeciles,
        Instant computedAt) {

    public static final Duration ACTIVE_WINDOW = Duration.ofDays(90);
    /** Archetype codes that count as at risk whatever the churn risk. */
    public static final List<String> AT_RISK_ARCHETYPES = List.of("at_risk", "cant_lose_them");

    public static final double AT_RISK_CHURN_RISK = 0.7;

    /** @param predictedLtv the predicted LTV of those customers: what losing them would cost */
    public record AtRisk(long customers, BigDecimal predictedLtv) {}

    /** Customers with {@code from <= churnRisk < to} (the last bucket includes 1.0). */
    public record Decile(double from, double to, long customers) {}
}
