package com.storepulse.scoring;

/**
 * What the models know about one customer, in the papers' conventions: time in weeks, measured
 * from the customer's first purchase (day 0) to the end of the calibration period.
 *
 * @param customerId       any key the caller uses (a database id, a row number)
 * @param frequency        repeat purchases: purchase days after the first one (x)
 * @param recencyWeeks     time of the last purchase, from the first (t_x; 0 when x = 0)
 * @param tenureWeeks      time from the first purchase to the end of calibration (T)
 * @param meanRepeatSpend  mean spend of the repeat purchases (0 when x = 0)
 */
public record PurchaseSummary(
        long customerId, int frequency, double recencyWeeks, double tenureWeeks, double meanRepeatSpend) {

    public static final double DAYS_PER_WEEK = 7.0;

    public PurchaseSummary {
        if (frequency < 0
                || !(recencyWeeks >= 0)
                || !(tenureWeeks >= recencyWeeks)
                || !(meanRepeatSpend >= 0)
                || Double.isInfinite(tenureWeeks)
                || Double.isInfinite(meanRepeatSpend)) {
            throw new IllegalArgumentException("inconsistent purchase summary: x=" + frequency + " t_x=" + recencyWeeks
                    + " T=" + tenureWeeks + " spend=" + meanRepeatSpend);
        }
        if (frequency == 0 && recencyWeeks != 0) {
            throw new IllegalArgumentException(
                    "a customer without repeat purchases has recency 0, got " + recencyWeeks);
        }
    }

    /** Builds a summary from whole days (what the database and the CSV give). */
    public static PurchaseSummary ofDays(
            long customerId, int frequency, long recencyDays, long tenureDays, double meanRepeatSpend) {
        return new PurchaseSummary(
                customerId, frequency, recencyDays / DAYS_PER_WEEK, tenureDays / DAYS_PER_WEEK, meanRepeatSpend);
    }

    public boolean isRepeatCustomer() {
        return frequency > 0;
    }

    /** Weeks since the last purchase (T - t_x). */
    public double weeksSinceLastPurchase() {
        return tenureWeeks - recencyWeeks;
    }
}
