package com.storepulse.scoring;

import java.time.Instant;

/**
 * A customer's purchase history, summarized: what the database aggregates from fact_order
 * (store currency; same-day purchases are one purchase day) up to a scoring date.
 *
 * @param purchaseDays   days with at least one order (frequency + 1); at least 1
 * @param firstDay       epoch day of the first purchase
 * @param lastDay        epoch day of the last purchase
 * @param totalSpend     all purchases
 * @param repeatSpend    purchases after the first purchase day
 * @param returnedAmount returns, as a positive amount
 */
public record CustomerHistory(
        long customerId,
        int purchaseDays,
        long firstDay,
        long lastDay,
        double totalSpend,
        double repeatSpend,
        double returnedAmount,
        Instant lastOrderAt) {

    public int frequency() {
        return purchaseDays - 1;
    }

    public double averagePurchaseValue() {
        return totalSpend / purchaseDays;
    }

    public long daysSinceLastPurchase(long endDay) {
        return Math.max(0, endDay - lastDay);
    }

    /** The model's view at {@code endDay}; purchases dated after it (clock skew) count as on it. */
    public PurchaseSummary toSummary(long endDay) {
        long tenure = Math.max(0, endDay - firstDay);
        long recency = frequency() == 0 ? 0 : Math.min(tenure, Math.max(0, lastDay - firstDay));
        double meanRepeat = frequency() == 0 ? 0.0 : Math.max(0.0, repeatSpend) / frequency();
        return PurchaseSummary.ofDays(customerId, frequency(), recency, tenure, meanRepeat);
    }
}
