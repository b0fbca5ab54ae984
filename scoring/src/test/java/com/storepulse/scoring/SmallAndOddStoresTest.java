package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stores with too little or degenerate data get a defined, documented result: never NaN, never an exception. */
class SmallAndOddStoresTest {

    private static List<PurchaseSummary> oneTimeBuyers(int n) {
        List<PurchaseSummary> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(PurchaseSummary.ofDays(i, 0, 0, 10 + i, 0));
        }
        return out;
    }

    private static void assertUsable(ModelFit fit, List<PurchaseSummary> customers) {
        assertNotNull(fit.bgNbd());
        assertNotNull(fit.gammaGamma());
        CustomerPredictor predictor = new CustomerPredictor(fit, ScoringHorizons.DEFAULT);
        for (PurchaseSummary c : customers) {
            CustomerPredictor.Prediction p = predictor.predict(c);
            assertTrue(p.probabilityAlive() >= 0 && p.probabilityAlive() <= 1, "P(alive) " + p);
            assertTrue(Double.isFinite(p.expectedPurchases()) && p.expectedPurchases() >= 0, "purchases " + p);
            assertTrue(Double.isFinite(p.predictedLifetimeValue()) && p.predictedLifetimeValue() >= 0, "LTV " + p);
            assertEquals(1.0, p.probabilityAlive() + p.churnRisk(), 1e-12);
        }
    }

    @Test
    void anEmptyStoreGetsTheDefaultParameters() {
        ModelFit fit = ModelFitter.fit(List.of(), FitOptions.defaults());
        assertEquals(FitStatus.INSUFFICIENT_DATA, fit.status());
        assertEquals(ModelFit.DEFAULT_BG_NBD, fit.bgNbd());
        assertEquals(ModelFit.DEFAULT_GAMMA_GAMMA, fit.gammaGamma());
        assertTrue(fit.note().contains("0 customers"), fit.note());
        assertTrue(Double.isNaN(fit.bgNbdLogLikelihood()), "no likelihood without a fit");
    }

    @Test
    void oneCustomerGetsTheDefaultsWithItsOwnSpendScale() {
        List<PurchaseSummary> one = List.of(PurchaseSummary.ofDays(1, 2, 30, 60, 40.0));
        ModelFit fit = ModelFitter.fit(one, FitOptions.defaults());
        assertEquals(FitStatus.INSUFFICIENT_DATA, fit.status());
        assertEquals(
                40.0,
                fit.gammaGamma().populationMeanSpend(),
                1e-9,
                "the default shape is scaled to the store's mean spend");
        assertUsable(fit, one);
    }

    @Test
    void fiveCustomersGetTheDefaultsAndAFallbackSpend() {
        List<PurchaseSummary> five = new ArrayList<>(oneTimeBuyers(3));
        five.add(PurchaseSummary.ofDays(3, 1, 7, 20, 25.0));
        five.add(PurchaseSummary.ofDays(4, 4, 90, 100, 55.0));
        ModelFit fit = ModelFitter.fit(five, FitOptions.defaults().withFallbackMeanSpend(33.0));
        assertEquals(FitStatus.INSUFFICIENT_DATA, fit.status());
        assertEquals(33.0, fit.gammaGamma().populationMeanSpend(), 1e-9);
        assertUsable(fit, five);
    }

    @Test
    void onlyOneTimeBuyersCannotTeachDropoutOrSpend() {
        List<PurchaseSummary> store = oneTimeBuyers(500);
        ModelFit fit = ModelFitter.fit(store, FitOptions.defaults());
        assertEquals(FitStatus.INSUFFICIENT_DATA, fit.status());
        assertTrue(fit.note().contains("0 repeat"), fit.note());
        assertUsable(fit, store);
        // the one-time-buyer correction: the longer ago their only purchase, the higher the risk
        CustomerPredictor predictor = new CustomerPredictor(fit, ScoringHorizons.DEFAULT);
        assertTrue(predictor.predict(store.get(499)).churnRisk()
                > predictor.predict(store.get(0)).churnRisk());
    }

    @Test
    void identicalCustomersGiveFiniteParametersAndSayTheFitIsDegenerate() {
        // 2,000 customers: no small-store penalty, so nothing holds the flat likelihood back
        List<PurchaseSummary> same = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            same.add(PurchaseSummary.ofDays(i, 3, 70, 140, 20.0));
        }
        ModelFit fit = ModelFitter.fit(same, FitOptions.defaults());
        assertEquals(FitStatus.NOT_CONVERGED, fit.status(), fit.note());
        assertTrue(fit.note().contains("the data do not pin it down"), fit.note());
        assertTrue(Double.isFinite(fit.bgNbdLogLikelihood()) && Double.isFinite(fit.gammaGammaLogLikelihood()));
        // no spread in spend at all: Gamma-Gamma's expected spend is the spend everyone has
        assertEquals(20.0, fit.gammaGamma().expectedSpend(3, 20.0), 0.5);
        assertUsable(fit, same);
    }

    @Test
    void identicalCustomersOfASmallStoreAreHeldByThePenalty() {
        List<PurchaseSummary> same = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            same.add(PurchaseSummary.ofDays(i, 3, 70, 140, 20.0));
        }
        ModelFit fit = ModelFitter.fit(same, FitOptions.defaults());
        assertEquals(FitOptions.SMALL_STORE_PENALTY, fit.l2Penalty());
        for (double p : new double[] {
            fit.bgNbd().r(), fit.bgNbd().alpha(), fit.bgNbd().a(), fit.bgNbd().b()
        }) {
            assertTrue(Math.abs(Math.log(p)) <= LogParameterOptimizer.DRIFT_LOG, fit.bgNbd() + " " + fit.note());
        }
        assertUsable(fit, same);
    }

    @Test
    void everyoneBuyingOnTheLastDayIsReportedNotPassedAsAFit() {
        // 1,500 customers who bought again on the last day of their history: recency = tenure for all
        List<PurchaseSummary> store = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            int tenure = 30 + i % 300;
            store.add(PurchaseSummary.ofDays(i, 1 + i % 4, tenure, tenure, 10 + i % 40));
        }
        ModelFit fit = ModelFitter.fit(store, FitOptions.defaults());
        assertEquals(FitStatus.NOT_CONVERGED, fit.status(), fit.bgNbd() + " " + fit.note());
        assertTrue(fit.note().startsWith("BG/NBD:") && fit.note().contains("the data do not pin it down"), fit.note());
        assertUsable(fit, store);
    }

    @Test
    void freeRepeatOrdersDoNotBreakTheSpendModel() {
        List<PurchaseSummary> store = new ArrayList<>(
                new CustomerSimulator(7).customers(400, new BgNbd(0.8, 5, 0.6, 3), new GammaGamma(5, 4, 15), 20, 60));
        store.add(PurchaseSummary.ofDays(10_000, 2, 14, 50, 0.0));
        ModelFit fit = ModelFitter.fit(store, FitOptions.defaults());
        assertTrue(Double.isFinite(fit.gammaGammaLogLikelihood()), fit.note());
        assertUsable(fit, store);
    }

    @Test
    void aSmallStoreIsPenalizedAndSaysSo() {
        List<PurchaseSummary> store =
                new CustomerSimulator(3).customers(300, new BgNbd(0.8, 5, 0.6, 3), new GammaGamma(5, 4, 15), 20, 60);
        ModelFit fit = ModelFitter.fit(store, FitOptions.defaults());
        assertEquals(FitOptions.SMALL_STORE_PENALTY, fit.l2Penalty());
        assertTrue(fit.note().contains("L2 penalty"), fit.note());
        assertUsable(fit, store);
    }

    @Test
    void heavyTailedSpendDoesNotGiveOneTimeBuyersAnAbsurdValue() {
        // True q = 0.7: the spend rates have no finite mean, so the fit runs into q's bound.
        List<PurchaseSummary> store = new ArrayList<>(new CustomerSimulator(11)
                .customers(8_000, new BgNbd(0.8, 5, 0.6, 3), new GammaGamma(0.5, 0.7, 15), 26, 78));
        ModelFit fit = ModelFitter.fit(store, FitOptions.defaults());

        double observed = store.stream()
                .filter(c -> c.frequency() > 0)
                .mapToDouble(PurchaseSummary::meanRepeatSpend)
                .filter(m -> m > 0)
                .average()
                .orElseThrow();
        double oneTimeBuyer = fit.gammaGamma().expectedSpend(0, 0);
        assertTrue(
                Double.isFinite(oneTimeBuyer) && oneTimeBuyer > 0 && oneTimeBuyer <= 2 * observed,
                "one-time buyer spend " + oneTimeBuyer + " vs observed average " + observed + "; " + fit.note());
        assertEquals(FitStatus.NOT_CONVERGED, fit.status(), fit.note());
        assertTrue(fit.note().contains("lower bound"), fit.note());
        assertUsable(fit, store);
    }
}
