package com.storepulse.scoring;

/**
 * What the predictions look ahead to.
 *
 * @param purchasesHorizonDays  expected purchases are counted over this many days (default 90)
 * @param ltvHorizonMonths      predicted lifetime value covers this many months (default 12)
 * @param monthlyDiscountRate   each month's spend is discounted by (1 + rate)^month (default 0.01)
 */
public record ScoringHorizons(int purchasesHorizonDays, int ltvHorizonMonths, double monthlyDiscountRate) {

    /** An average month, in weeks (365.25 / 12 / 7). */
    public static final double WEEKS_PER_MONTH = 365.25 / 12 / 7;

    public static final ScoringHorizons DEFAULT = new ScoringHorizons(90, 12, 0.01);

    public ScoringHorizons {
        if (purchasesHorizonDays < 1 || purchasesHorizonDays > 3660) {
            throw new IllegalArgumentException("purchases horizon must be 1..3660 days, got " + purchasesHorizonDays);
        }
        if (ltvHorizonMonths < 1 || ltvHorizonMonths > 120) {
            throw new IllegalArgumentException("LTV horizon must be 1..120 months, got " + ltvHorizonMonths);
        }
        if (!(monthlyDiscountRate >= 0 && monthlyDiscountRate < 1)) {
            throw new IllegalArgumentException("monthly discount rate must be in [0, 1), got " + monthlyDiscountRate);
        }
    }
}
