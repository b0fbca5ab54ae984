package com.storepulse.scoring;

import java.util.Arrays;

/**
 * A store's quintile breakpoints for R, F and M, and its median purchase value, taken at a full
 * rescoring and kept (store_scoring_state) so that an incremental rescoring scores a few customers
 * against the same store-wide scale.
 *
 * <p>Score rule, ties kept together: a value scores 1 + the number of breakpoints it beats, where
 * breakpoint k (k = 1..4) is the value at position ceil(k n / 5) - 1 of the store's values sorted
 * worst to best. So the worst value always scores 1, equal values score the same, and when half
 * the store bought once, all of those have F = 1 (no artificial spreading of ties).
 *
 * @param daysSinceLastPurchase R: fewer days is better
 * @param purchaseDays          F: number of days with a purchase (frequency + 1)
 * @param totalSpend            M: total spend
 * @param medianPurchaseValue   the median of customers' average purchase value (discount_seeker)
 */
public record RfmBreakpoints(
        double[] daysSinceLastPurchase, double[] purchaseDays, double[] totalSpend, double medianPurchaseValue) {

    /** For an empty store: every customer scores 1 on every axis until a full rescoring sees data. */
    public static final RfmBreakpoints NONE = new RfmBreakpoints(new double[0], new double[0], new double[0], 0.0);

    public static RfmBreakpoints of(
            double[] daysSinceLastPurchase, double[] purchaseDays, double[] totalSpend, double[] averagePurchaseValue) {
        return new RfmBreakpoints(
                breakpoints(daysSinceLastPurchase, true),
                breakpoints(purchaseDays, false),
                breakpoints(totalSpend, false),
                median(averagePurchaseValue));
    }

    public int recencyScore(double daysSince) {
        int score = 1;
        for (double b : daysSinceLastPurchase) {
            if (daysSince < b) {
                score++;
            }
        }
        return score;
    }

    public int frequencyScore(int days) {
        return higherIsBetter(purchaseDays, days);
    }

    public int monetaryScore(double spend) {
        return higherIsBetter(totalSpend, spend);
    }

    private static int higherIsBetter(double[] breakpoints, double value) {
        int score = 1;
        for (double b : breakpoints) {
            if (value > b) {
                score++;
            }
        }
        return score;
    }

    private static double[] breakpoints(double[] values, boolean lowerIsBetter) {
        if (values.length == 0) {
            return new double[0];
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double[] out = new double[4];
        for (int k = 1; k <= 4; k++) {
            int index = (int) Math.ceil(k * (double) n / 5) - 1;
            // worst to best: for "lower is better" the worst values are at the top of the sort
            out[k - 1] = lowerIsBetter ? sorted[n - 1 - index] : sorted[index];
        }
        return out;
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return 0.0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RfmBreakpoints other
                && Arrays.equals(daysSinceLastPurchase, other.daysSinceLastPurchase)
                && Arrays.equals(purchaseDays, other.purchaseDays)
                && Arrays.equals(totalSpend, other.totalSpend)
                && Double.compare(medianPurchaseValue, other.medianPurchaseValue) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(daysSinceLastPurchase) * 31 + Arrays.hashCode(totalSpend);
    }

    @Override
    public String toString() {
        return "RfmBreakpoints[R=" + Arrays.toString(daysSinceLastPurchase) + ", F=" + Arrays.toString(purchaseDays)
                + ", M=" + Arrays.toString(totalSpend) + ", medianPurchaseValue=" + medianPurchaseValue + "]";
    }
}
