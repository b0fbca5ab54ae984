package com.storepulse.scoring;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-customer predictions from one model fit: P(alive) (with the one-time-buyer correction),
 * churn risk, expected purchases over the purchases horizon and discounted lifetime value over the
 * LTV horizon. Not thread-safe: it caches the costly part, E[purchases in t | alive, x, T], which
 * depends on x and T only, so customers with equal (x, T) share one series evaluation.
 */
public final class CustomerPredictor {

    private static final int MAX_CACHED = 500_000;

    private final BgNbd bgNbd;
    private final GammaGamma gammaGamma;
    private final ScoringHorizons horizons;
    private final double[] horizonWeeks;
    private final double[] discount;
    private final Map<CacheKey, double[]> cache = new HashMap<>();

    /** Predictions of one customer. */
    public record Prediction(
            double probabilityAlive,
            double churnRisk,
            double expectedPurchases,
            double expectedSpendPerPurchase,
            double predictedLifetimeValue) {}

    private record CacheKey(int x, double bigT) {}

    public CustomerPredictor(BgNbd bgNbd, GammaGamma gammaGamma, ScoringHorizons horizons) {
        this.bgNbd = bgNbd;
        this.gammaGamma = gammaGamma;
        this.horizons = horizons;
        int months = horizons.ltvHorizonMonths();
        // index 0: the purchases horizon; 1..months: the end of each month
        horizonWeeks = new double[months + 1];
        discount = new double[months + 1];
        horizonWeeks[0] = horizons.purchasesHorizonDays() / PurchaseSummary.DAYS_PER_WEEK;
        for (int i = 1; i <= months; i++) {
            horizonWeeks[i] = i * ScoringHorizons.WEEKS_PER_MONTH;
            discount[i] = Math.pow(1 + horizons.monthlyDiscountRate(), -i);
        }
    }

    public CustomerPredictor(ModelFit fit, ScoringHorizons horizons) {
        this(fit.bgNbd(), fit.gammaGamma(), horizons);
    }

    public ScoringHorizons horizons() {
        return horizons;
    }

    public Prediction predict(PurchaseSummary c) {
        return predict(c, gammaGamma.expectedSpend(c.frequency(), c.meanRepeatSpend()));
    }

    /** With the spend per purchase given: LTV is linear in it (and 0 when it is 0). */
    public Prediction predict(PurchaseSummary c, double expectedSpendPerPurchase) {
        double pAlive = clampProbability(bgNbd.probabilityAlive(c.frequency(), c.recencyWeeks(), c.tenureWeeks()));
        double[] ifAlive = expectedIfAlive(c.frequency(), c.tenureWeeks());
        double spend = Double.isFinite(expectedSpendPerPurchase) && expectedSpendPerPurchase > 0
                ? expectedSpendPerPurchase
                : 0.0;
        double ltv = 0;
        double previous = 0;
        for (int i = 1; i < ifAlive.length; i++) {
            // cumulative expectations can wobble by rounding in the last digit: never count negative purchases
            double inMonth = Math.max(0.0, ifAlive[i] - previous);
            previous = Math.max(previous, ifAlive[i]);
            ltv += inMonth * discount[i];
        }
        ltv *= pAlive * spend;
        return new Prediction(pAlive, 1.0 - pAlive, pAlive * ifAlive[0], spend, ltv);
    }

    private double[] expectedIfAlive(int x, double bigT) {
        CacheKey key = new CacheKey(x, bigT);
        double[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        double[] values = new double[horizonWeeks.length];
        for (int i = 0; i < values.length; i++) {
            double v = bgNbd.expectedPurchasesIfAlive(horizonWeeks[i], x, bigT);
            values[i] = Double.isFinite(v) ? v : 0.0;
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, values);
        return values;
    }

    private static double clampProbability(double p) {
        if (Double.isNaN(p)) {
            throw new IllegalStateException("P(alive) is not a number: the fit's parameters are invalid");
        }
        return Math.max(0.0, Math.min(1.0, p));
    }
}
