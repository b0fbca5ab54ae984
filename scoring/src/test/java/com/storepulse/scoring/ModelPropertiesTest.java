package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Properties of the fitted models on simulated customers and on arbitrary parameters. */
class ModelPropertiesTest {

    @Provide
    Arbitrary<BgNbd> purchaseModels() {
        return Combinators.combine(
                        Arbitraries.doubles().between(0.3, 1.5),
                        Arbitraries.doubles().between(2.0, 12.0),
                        Arbitraries.doubles().between(0.4, 1.5),
                        Arbitraries.doubles().between(1.5, 6.0))
                .as(BgNbd::new);
    }

    @Provide
    Arbitrary<GammaGamma> spendModels() {
        return Combinators.combine(
                        Arbitraries.doubles().between(2.0, 8.0),
                        Arbitraries.doubles().between(2.0, 6.0),
                        Arbitraries.doubles().between(5.0, 25.0))
                .as(GammaGamma::new);
    }

    /** Any valid parameters, including extreme ones a tiny store's fit can produce. */
    @Provide
    Arbitrary<BgNbd> anyPurchaseModel() {
        Arbitrary<Double> positive = Arbitraries.doubles().between(-6, 6).map(Math::exp);
        return Combinators.combine(positive, positive, positive, positive).as(BgNbd::new);
    }

    @Property(tries = 8, seed = "20050301")
    void theFitRecoversThePurchaseParametersOfSimulatedCustomers(
            @ForAll("purchaseModels") BgNbd truth,
            @ForAll("spendModels") GammaGamma spend,
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        List<PurchaseSummary> customers = new CustomerSimulator(seed).customers(5_000, truth, spend, 26, 78);
        ModelFit fit = ModelFitter.fit(customers, FitOptions.unpenalized());
        assertEquals(FitStatus.OK, fit.status(), fit.note());
        BgNbd f = fit.bgNbd();
        // The MLE's likelihood is at least the truth's.
        BgNbdLikelihood likelihood = new BgNbdLikelihood(customers);
        assertTrue(fit.bgNbdLogLikelihood()
                >= likelihood.logLikelihood(truth.r(), truth.alpha(), truth.a(), truth.b()) - 1e-6);
        // What the data pin down well: mean purchase rate r/alpha and mean dropout a/(a+b) ...
        assertRelative(truth.r() / truth.alpha(), f.r() / f.alpha(), 0.10, "mean purchase rate");
        assertRelative(truth.a() / (truth.a() + truth.b()), f.a() / (f.a() + f.b()), 0.15, "mean dropout probability");
        // ... and each parameter within the spread 5,000 customers allow.
        assertRelative(truth.r(), f.r(), 0.30, "r");
        assertRelative(truth.alpha(), f.alpha(), 0.35, "alpha");
        assertRelative(truth.a(), f.a(), 0.45, "a");
        assertRelative(truth.b(), f.b(), 0.50, "b");
    }

    /**
     * p is learnt from how a customer's mean spend steadies as their purchases add up, so it needs
     * many repeat customers with varied purchase counts; p, q and gamma also trade off against each
     * other, which is why the sharp quantity, the mean spend, gets the tight tolerance.
     */
    @Property(tries = 8, seed = "20050302")
    void theFitRecoversTheSpendParametersOfSimulatedCustomers(
            @ForAll("spendModels") GammaGamma truth, @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        BgNbd regular = new BgNbd(1.0, 4.0, 0.5, 3.0);
        List<PurchaseSummary> customers = new CustomerSimulator(seed).customers(20_000, regular, truth, 26, 78);
        ModelFit fit = ModelFitter.fit(customers, FitOptions.unpenalized());
        GammaGamma f = fit.gammaGamma();
        List<PurchaseSummary> repeat =
                customers.stream().filter(c -> c.meanRepeatSpend() > 0).toList();
        GammaGammaLikelihood likelihood = new GammaGammaLikelihood(repeat);
        assertTrue(
                fit.gammaGammaLogLikelihood() >= likelihood.logLikelihood(truth.p(), truth.q(), truth.gamma()) - 1e-6);
        assertRelative(truth.populationMeanSpend(), f.populationMeanSpend(), 0.10, "mean spend");
        assertRelative(truth.p(), f.p(), 0.35, "p");
        assertRelative(truth.q(), f.q(), 0.35, "q");
        assertRelative(truth.gamma(), f.gamma(), 0.50, "gamma");
    }

    /** Above 40,000 customers the fit starts from a fit on a sample; it must land on the full data's optimum. */
    @Test
    void aLargeStoreIsFittedFromASampleFirstAndStillConverges() {
        BgNbd truth = new BgNbd(0.6, 5.0, 0.7, 2.8);
        List<PurchaseSummary> customers =
                new CustomerSimulator(42).customers(60_000, truth, new GammaGamma(6, 4, 15), 10, 90);
        ModelFit fit = ModelFitter.fit(customers, FitOptions.defaults());
        assertEquals(FitStatus.OK, fit.status(), fit.note());
        assertEquals(0.0, fit.l2Penalty());
        BgNbdLikelihood likelihood = new BgNbdLikelihood(customers);
        BgNbd f = fit.bgNbd();
        assertEquals(likelihood.logLikelihood(f.r(), f.alpha(), f.a(), f.b()), fit.bgNbdLogLikelihood(), 1e-6);
        // a small step in any direction does not improve the likelihood: a local optimum of the full data
        double[] p = {f.r(), f.alpha(), f.a(), f.b()};
        for (int i = 0; i < 4; i++) {
            for (double factor : new double[] {0.999, 1.001}) {
                double[] q = p.clone();
                q[i] *= factor;
                assertTrue(
                        likelihood.logLikelihood(q[0], q[1], q[2], q[3]) <= fit.bgNbdLogLikelihood() + 1e-6,
                        "parameter " + i);
            }
        }
        assertRelative(truth.r(), f.r(), 0.15, "r");
        assertRelative(truth.alpha(), f.alpha(), 0.15, "alpha");
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        assertTrue(
                Math.abs(actual - expected) <= tolerance * expected,
                what + ": fitted " + actual + ", true " + expected + " (tolerance " + tolerance * 100 + "%)");
    }

    /**
     * Saturation rule for the strict properties below. P(alive) = 1 / (1 + e^L), and a week more of
     * silence (or one purchase more) moves L by at least about 1e-6 with these generators (r, alpha
     * within e^±6, T &lt;= 400), and P(alive) by about P (1 - P) times that. Where P(alive) is within
     * 1e-9 of 1, that can be below one unit in the last place of a double, and below 1e-300 e^L is
     * near overflow (P = 0 beyond): there the value is saturated and only the weak inequality is
     * asserted. Everywhere else the change must show.
     */
    private static boolean saturated(double probabilityAlive) {
        return probabilityAlive < 1e-300 || probabilityAlive > 1 - 1e-9;
    }

    /** Above this P(alive), expected purchases and LTV must be positive (no underflow to 0 possible). */
    private static final double MAY_BE_ALIVE = 1e-250;

    /**
     * Known limit, left out of the positivity checks: BgNbd sums 2F1-type power series whose terms
     * peak near n = (r + x) t / (alpha + T); beyond about 100,000 (its cap is 200,000 terms) the
     * sum is cut short and expected purchases come out too low, even 0. That takes a tiny alpha
     * and a customer who first bought just now, e.g. alpha = 0.004, T = 0, r + x = 60, t = 13 weeks.
     */
    private static boolean seriesWithinReach(BgNbd m, int x, double bigT, double weeks) {
        return (m.r() + x) * weeks / (m.alpha() + bigT) <= 100_000;
    }

    @Property
    void probabilityAliveIsAProbability(
            @ForAll("anyPurchaseModel") BgNbd m,
            @ForAll @IntRange(min = 0, max = 500) int x,
            @ForAll @DoubleRange(min = 0, max = 1) double recencyShare,
            @ForAll @DoubleRange(min = 0, max = 1000) double bigT) {
        double tx = x == 0 ? 0 : recencyShare * bigT;
        double p = m.probabilityAlive(x, tx, bigT);
        assertTrue(p >= 0 && p <= 1, "P(alive) = " + p);
        double expected = m.expectedPurchases(13, x, tx, bigT);
        assertTrue(expected >= 0 && Double.isFinite(expected), "expected purchases = " + expected);
        // a customer who may be alive buys something in 13 weeks with positive probability
        if (m.modelProbabilityAlive(x, tx, bigT) > MAY_BE_ALIVE && seriesWithinReach(m, x, bigT, 13)) {
            assertTrue(expected > 0, "expected purchases 0 at model P(alive) " + m.modelProbabilityAlive(x, tx, bigT));
        }
    }

    /** Fits a store can produce, including a + b &lt; 1 (one-time buyers' c &lt; 0) and a near 1. */
    @Provide
    Arbitrary<BgNbd> storeFits() {
        return Combinators.combine(
                        Arbitraries.doubles().between(0.05, 3.0),
                        Arbitraries.doubles().between(0.5, 20.0),
                        Arbitraries.doubles()
                                .between(0.02, 3.0)
                                .edgeCases(c -> c.add(1.0).add(0.99).add(1.01)),
                        Arbitraries.doubles().between(0.01, 6.0))
                .as(BgNbd::new);
    }

    /**
     * Cumulative expected purchases of an alive customer grow strictly with the horizon. (For
     * a &gt; 1 they level off at c / (a - 1), but not within these horizons.)
     */
    @Property(tries = 500)
    void expectedPurchasesGrowWithTheHorizon(
            @ForAll("storeFits") BgNbd m,
            @ForAll @IntRange(min = 0, max = 60) int x,
            @ForAll @DoubleRange(min = 0, max = 200) double bigT,
            @ForAll @DoubleRange(min = 0.1, max = 104) double t,
            @ForAll @DoubleRange(min = 1, max = 52) double more) {
        double shorter = m.expectedPurchasesIfAlive(t, x, bigT);
        double longer = m.expectedPurchasesIfAlive(t + more, x, bigT);
        assertTrue(
                shorter > 0 && longer > shorter,
                "E[purchases | alive] " + shorter + " in " + t + " weeks, " + longer + " in " + (t + more));
    }

    @Property
    void probabilityAliveFallsAsTheSilenceGrows(
            @ForAll("anyPurchaseModel") BgNbd m,
            @ForAll @IntRange(min = 0, max = 200) int x,
            @ForAll @DoubleRange(min = 0, max = 200) double lastPurchase,
            @ForAll @DoubleRange(min = 0, max = 200) double silence,
            @ForAll @DoubleRange(min = 1, max = 100) double moreSilence) {
        double tx = x == 0 ? 0 : lastPurchase;
        double before = m.probabilityAlive(x, tx, tx + silence);
        double after = m.probabilityAlive(x, tx, tx + silence + moreSilence);
        assertTrue(after <= before, "P(alive) rose from " + before + " to " + after);
        if (!saturated(before)) {
            assertTrue(
                    after < before,
                    "P(alive) " + before + " did not fall with " + moreSilence + " more weeks of silence");
        }
    }

    @Property
    void oneTimeBuyersRiskGrowsWithTheTimeSinceTheirPurchase(
            @ForAll("anyPurchaseModel") BgNbd m,
            @ForAll @DoubleRange(min = 0, max = 300) double weeks,
            @ForAll @DoubleRange(min = 0.5, max = 100) double more) {
        double risk = 1 - m.probabilityAlive(0, 0, weeks);
        double later = 1 - m.probabilityAlive(0, 0, weeks + more);
        // strictly rising unless saturated: the rule above, applied to the risk (within 1e-9 of 1 it may not move)
        assertTrue(later >= risk && (later > risk || saturated(risk)), "risk " + risk + " then " + later);
        assertEquals(1.0, m.modelProbabilityAlive(0, 0, weeks), "the uncorrected model says 1");
    }

    /**
     * For a customer who bought just now P(alive) rises with frequency: strictly for x &gt;= 1 unless
     * saturated (the rule above), where it is (b + x - 1) / (a + b + x - 1). A one-time buyer who
     * bought just now has b / (a + b), by design the same as a customer whose first repeat purchase
     * was just now. (At a fixed gap it need not rise: BG/NBD judges a frequent buyer who has gone
     * quiet more likely gone.)
     */
    @Property
    void forACustomerWhoBoughtJustNowProbabilityAliveRisesWithFrequency(
            @ForAll("anyPurchaseModel") BgNbd m,
            @ForAll @IntRange(min = 0, max = 300) int x,
            @ForAll @DoubleRange(min = 0, max = 300) double now) {
        double tNow = x == 0 ? 0 : now;
        double fewer = m.probabilityAlive(x, tNow, tNow);
        double more = m.probabilityAlive(x + 1, now, now);
        if (x == 0) {
            assertEquals(fewer, more, "a one-time buyer who just bought vs a first repeat purchase just now");
        } else if (saturated(fewer)) {
            assertTrue(more >= fewer, "P(alive) fell from " + fewer + " to " + more);
        } else {
            assertTrue(more > fewer, "P(alive) did not rise from " + fewer + " at x = " + x + " to " + more);
        }
    }

    /**
     * The whole prediction path, not the last multiplication: two customers with the same purchase
     * history (x, t_x, T) and different spend histories go through Gamma-Gamma's conditional
     * expected spend into the 12-month LTV. The one who spent more per repeat purchase (at least a
     * cent more) must be worth strictly more, unless the LTV is saturated at 0 (P(alive) at or
     * below {@link #MAY_BE_ALIVE}), and the spend history must not move the purchase side
     * (P(alive), purchases). This fails if the expected spend fell with or ignored the customer's
     * own spend, if the LTV ignored the expected spend, or if a clamp or rounding flattened it.
     * (An LTV that is always 0 passes here; {@link #lifetimeValueIsNeverNegative} catches that.)
     */
    @Property
    void lifetimeValueIsMonotoneInTheCustomersSpendHistory(
            @ForAll("anyPurchaseModel") BgNbd m,
            @ForAll("anySpendModel") GammaGamma spend,
            @ForAll @IntRange(min = 1, max = 100) int x,
            @ForAll @DoubleRange(min = 0, max = 1) double recencyShare,
            @ForAll @DoubleRange(min = 0, max = 300) double bigT,
            @ForAll @DoubleRange(min = 0, max = 10_000) double lowSpend,
            @ForAll @DoubleRange(min = 0.01, max = 10_000) double extraSpend) {
        CustomerPredictor predictor = new CustomerPredictor(m, spend, ScoringHorizons.DEFAULT);
        double tx = recencyShare * bigT;
        CustomerPredictor.Prediction low = predictor.predict(new PurchaseSummary(1, x, tx, bigT, lowSpend));
        CustomerPredictor.Prediction high =
                predictor.predict(new PurchaseSummary(2, x, tx, bigT, lowSpend + extraSpend));
        assertTrue(
                high.expectedSpendPerPurchase() > low.expectedSpendPerPurchase(),
                "expected spend did not rise from " + low.expectedSpendPerPurchase() + " to "
                        + high.expectedSpendPerPurchase());
        assertTrue(
                high.predictedLifetimeValue() >= low.predictedLifetimeValue(),
                "LTV fell from " + low.predictedLifetimeValue() + " to " + high.predictedLifetimeValue());
        if (low.probabilityAlive() > MAY_BE_ALIVE
                && seriesWithinReach(m, x, bigT, 12 * ScoringHorizons.WEEKS_PER_MONTH)) {
            assertTrue(
                    high.predictedLifetimeValue() > low.predictedLifetimeValue(),
                    "LTV did not rise from " + low.predictedLifetimeValue() + " to " + high.predictedLifetimeValue()
                            + " as the mean repeat spend rose from " + lowSpend + " to " + (lowSpend + extraSpend));
        }
        assertEquals(low.probabilityAlive(), high.probabilityAlive(), "spend moved P(alive)");
        assertEquals(low.expectedPurchases(), high.expectedPurchases(), "spend moved the expected purchases");
    }

    /**
     * Any purchase and spend history, any valid parameters: the LTV is a finite amount, never
     * negative, and positive for a customer who may be alive (P(alive) above {@link #MAY_BE_ALIVE}:
     * every expected spend here is positive, so is a month's expected purchases).
     */
    @Property
    void lifetimeValueIsNeverNegative(
            @ForAll("anyPurchaseModel") BgNbd m,
            @ForAll("anySpendModel") GammaGamma spend,
            @ForAll @IntRange(min = 0, max = 500) int x,
            @ForAll @DoubleRange(min = 0, max = 1) double recencyShare,
            @ForAll @DoubleRange(min = 0, max = 1000) double bigT,
            @ForAll @DoubleRange(min = 0, max = 1_000_000) double meanSpend) {
        CustomerPredictor predictor = new CustomerPredictor(m, spend, ScoringHorizons.DEFAULT);
        PurchaseSummary c = new PurchaseSummary(1, x, x == 0 ? 0 : recencyShare * bigT, bigT, x == 0 ? 0 : meanSpend);
        CustomerPredictor.Prediction p = predictor.predict(c);
        double ltv = p.predictedLifetimeValue();
        assertTrue(ltv >= 0 && Double.isFinite(ltv), "LTV " + ltv);
        if (p.probabilityAlive() > MAY_BE_ALIVE
                && seriesWithinReach(m, x, bigT, 12 * ScoringHorizons.WEEKS_PER_MONTH)) {
            assertTrue(ltv > 0 && p.expectedPurchases() > 0, "LTV and purchases must be positive: " + p);
        }
    }

    /**
     * LTV is monotone in the expected spend, and more: proportional to it (the purchase side does
     * not depend on it), so strictly rising wherever it is not 0.
     */
    @Property
    void lifetimeValueIsProportionalToTheExpectedSpend(
            @ForAll("anyPurchaseModel") BgNbd m,
            @ForAll @IntRange(min = 0, max = 200) int x,
            @ForAll @DoubleRange(min = 0, max = 1) double recencyShare,
            @ForAll @DoubleRange(min = 0, max = 400) double bigT,
            @ForAll @DoubleRange(min = 0.01, max = 10_000) double spend,
            @ForAll @DoubleRange(min = 1.01, max = 100) double factor) {
        CustomerPredictor predictor = new CustomerPredictor(m, ModelFit.DEFAULT_GAMMA_GAMMA, ScoringHorizons.DEFAULT);
        PurchaseSummary c = new PurchaseSummary(1, x, x == 0 ? 0 : recencyShare * bigT, bigT, 0);
        double ltv = predictor.predict(c, spend).predictedLifetimeValue();
        double more = predictor.predict(c, spend * factor).predictedLifetimeValue();
        assertEquals(ltv * factor, more, 1e-12 * more, "LTV at " + factor + " times the spend");
        if (predictor.predict(c, spend).probabilityAlive() > MAY_BE_ALIVE
                && seriesWithinReach(m, x, bigT, 12 * ScoringHorizons.WEEKS_PER_MONTH)) {
            assertTrue(more > ltv && ltv > 0, "LTV " + ltv + " then " + more);
        }
    }

    /** Any valid Gamma-Gamma parameters (q > 1, so the population mean spend exists). */
    @Provide
    Arbitrary<GammaGamma> anySpendModel() {
        Arbitrary<Double> positive = Arbitraries.doubles().between(-6, 6).map(Math::exp);
        return Combinators.combine(positive, positive.map(q -> 1.0 + q), positive)
                .as(GammaGamma::new);
    }

    @Property
    void expectedSpendLiesBetweenTheCustomersOwnAndThePopulationMean(
            @ForAll("spendModels") GammaGamma m,
            @ForAll @IntRange(min = 1, max = 200) int x,
            @ForAll @DoubleRange(min = 0.01, max = 10_000) double own) {
        double expected = m.expectedSpend(x, own);
        double lo = Math.min(own, m.populationMeanSpend());
        double hi = Math.max(own, m.populationMeanSpend());
        assertTrue(
                expected >= lo * (1 - 1e-12) && expected <= hi * (1 + 1e-12),
                expected + " outside [" + lo + ", " + hi + "]");
    }
}
