package com.storepulse.scoring;

import java.util.ArrayList;
import java.util.List;

/** Turns customer histories into score rows with one fit and one set of RFM breakpoints. */
public final class StoreScorer {

    private final CustomerPredictor predictor;
    private final RfmBreakpoints breakpoints;
    private final long endDay;

    public StoreScorer(CustomerPredictor predictor, RfmBreakpoints breakpoints, long endDay) {
        this.predictor = predictor;
        this.breakpoints = breakpoints;
        this.endDay = endDay;
    }

    /** The store-wide breakpoints of these customers at {@code endDay}. */
    public static RfmBreakpoints breakpointsOf(List<CustomerHistory> customers, long endDay) {
        int n = customers.size();
        double[] recency = new double[n];
        double[] frequency = new double[n];
        double[] monetary = new double[n];
        double[] averageValue = new double[n];
        for (int i = 0; i < n; i++) {
            CustomerHistory c = customers.get(i);
            recency[i] = c.daysSinceLastPurchase(endDay);
            frequency[i] = c.purchaseDays();
            monetary[i] = c.totalSpend();
            averageValue[i] = c.averagePurchaseValue();
        }
        return n == 0 ? RfmBreakpoints.NONE : RfmBreakpoints.of(recency, frequency, monetary, averageValue);
    }

    public static List<PurchaseSummary> summaries(List<CustomerHistory> customers, long endDay) {
        List<PurchaseSummary> out = new ArrayList<>(customers.size());
        for (CustomerHistory c : customers) {
            out.add(c.toSummary(endDay));
        }
        return out;
    }

    public CustomerScore score(CustomerHistory c) {
        PurchaseSummary s = c.toSummary(endDay);
        CustomerPredictor.Prediction p = predictor.predict(s);
        long daysSince = c.daysSinceLastPurchase(endDay);
        int r = breakpoints.recencyScore(daysSince);
        int f = breakpoints.frequencyScore(c.purchaseDays());
        int m = breakpoints.monetaryScore(c.totalSpend());
        List<SegmentTag> tags = SegmentTag.of(
                c.purchaseDays(),
                daysSince,
                c.totalSpend(),
                c.returnedAmount(),
                p.churnRisk(),
                f,
                m,
                breakpoints.medianPurchaseValue());
        ScoringHorizons h = predictor.horizons();
        return new CustomerScore(
                c.customerId(),
                s.frequency(),
                Math.round(s.recencyWeeks() * PurchaseSummary.DAYS_PER_WEEK),
                Math.round(s.tenureWeeks() * PurchaseSummary.DAYS_PER_WEEK),
                s.meanRepeatSpend(),
                c.totalSpend(),
                c.lastOrderAt(),
                p.probabilityAlive(),
                p.churnRisk(),
                p.expectedPurchases(),
                h.purchasesHorizonDays(),
                p.predictedLifetimeValue(),
                h.ltvHorizonMonths(),
                Archetype.of(r, f, m),
                r,
                f,
                m,
                tags);
    }
}
