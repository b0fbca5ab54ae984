package com.storepulse.scoring;

/**
 * How to fit.
 *
 * @param l2Penalty            weight of the L2 penalty on the log-parameters; negative means
 *                             "automatic": {@link #SMALL_STORE_PENALTY} below {@link #SMALL_STORE_CUSTOMERS}
 *                             customers, none above (a large store's likelihood needs no help and
 *                             the published estimates are unpenalized)
 * @param minCustomers         fewer customers than this: BG/NBD is not fitted (insufficient data)
 * @param minRepeatCustomers   fewer repeat customers than this: neither BG/NBD's dropout nor
 *                             Gamma-Gamma can be estimated
 * @param fallbackMeanSpend    average purchase value to use when Gamma-Gamma cannot be fitted
 *                             (NaN: use the mean of the default parameters)
 */
public record FitOptions(double l2Penalty, int minCustomers, int minRepeatCustomers, double fallbackMeanSpend) {

    public static final int SMALL_STORE_CUSTOMERS = 1_000;
    public static final double SMALL_STORE_PENALTY = 0.1;
    public static final int DEFAULT_MIN_CUSTOMERS = 30;
    public static final int DEFAULT_MIN_REPEAT_CUSTOMERS = 10;

    /** What stores get: automatic penalty, default data thresholds. */
    public static FitOptions defaults() {
        return new FitOptions(-1, DEFAULT_MIN_CUSTOMERS, DEFAULT_MIN_REPEAT_CUSTOMERS, Double.NaN);
    }

    /** Plain maximum likelihood, as in the papers (the command-line fit). */
    public static FitOptions unpenalized() {
        return new FitOptions(0, DEFAULT_MIN_CUSTOMERS, DEFAULT_MIN_REPEAT_CUSTOMERS, Double.NaN);
    }

    public FitOptions withFallbackMeanSpend(double meanSpend) {
        return new FitOptions(l2Penalty, minCustomers, minRepeatCustomers, meanSpend);
    }

    double penaltyFor(int customers) {
        if (l2Penalty >= 0) {
            return l2Penalty;
        }
        return customers < SMALL_STORE_CUSTOMERS ? SMALL_STORE_PENALTY : 0.0;
    }
}
