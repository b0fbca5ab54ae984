package com.storepulse.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * P(alive), expected purchases and lifetime value pinned to values computed independently, in
 * Python with mpmath at 50 significant digits, and to the paper's published example. Regenerate
 * with {@code python3} (mpmath 1.3) and this code, then e.g. {@code E_alive('0.243', '4.414',
 * '0.3', '0.288', 0, '10', '13')} printed with {@code mp.nstr(v, 17)}; every argument is passed as
 * the decimal string written in the tables below:
 *
 * <pre>{@code
 * import mpmath as mp
 * mp.mp.dps = 50
 * def E_alive(r, alpha, a, b, x, T, t):        # FHL 2005 eq. (10) without its P(alive) denominator
 *     r, alpha, a, b, T, t = map(mp.mpf, (r, alpha, a, b, T, t)); c = a + b + x - 1; z = t / (alpha + T + t)
 *     if c == 0: return -(1 - z)**(r + x) * (r + x) * (b + x) * z * mp.hyp2f1(r + x + 1, b + x + 1, 2, z) / (a - 1)
 *     if a == 1: return mp.limit(lambda h: E_alive(r, alpha, 1 + h, b, x, T, t), 0)
 *     return c / (a - 1) * (1 - (1 - z)**(r + x) * mp.hyp2f1(r + x, b + x, c, z))
 * def P_alive(r, alpha, a, b, x, tx, T):        # FHL eq. (11); x = 0: our one-time-buyer rule
 *     r, alpha, a, b, tx, T = map(mp.mpf, (r, alpha, a, b, tx, T))
 *     if x == 0: return 1 / (1 + a / b * ((alpha + T) / alpha)**r)
 *     return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx))**(r + x))
 * def E(r, alpha, a, b, x, tx, T, t):           # FHL eq. (10), the conditional expectation
 *     return (1 if x == 0 else P_alive(r, alpha, a, b, x, tx, T)) * E_alive(r, alpha, a, b, x, T, t)
 * }</pre>
 *
 * At c = a + b + x - 1 = 0, c · 2F1(A, B; c; z) tends to A B z 2F1(A+1, B+1; 2; z), which is the
 * first branch. The lifetime values use the same functions, see {@link #lifetimeValue}.
 */
class ReferenceValuesTest {

    /** The CDNOW estimates of FHL 2005, as published. */
    private static final BgNbd CDNOW = new BgNbd(0.243, 4.414, 0.793, 2.426);
    /** The CDNOW Gamma-Gamma estimates of Fader, Hardie and Lee, "RFM and CLV" (2005), as published. */
    private static final GammaGamma CDNOW_SPEND = new GammaGamma(6.25, 3.74, 15.44);
    /** A fit with a + b &lt; 1: one-time buyers have c = a + b - 1 = -0.412. */
    private static final BgNbd FEW_LEAVERS = new BgNbd(0.243, 4.414, 0.3, 0.288);

    /**
     * {r, alpha, a, b, x, T, t, E_alive(r, alpha, a, b, x, T, t)}: E[purchases in (T, T + t] | alive
     * at T, x]. Covers c &lt; 0, c = 0, both sides of the switches at c = 1 and |a - 1| = 0.01, a = 1
     * and next to it, z = t / (alpha + T + t) up to 0.999, and large x (the Euler-transformed path).
     */
    private static final double[][] EXPECTED_IF_ALIVE = {
        {0.243, 4.414, 0.793, 2.426, 0, 0, 13, 0.53443954109403079}, // c = 2.219, z = 0.7465
        {0.243, 4.414, 0.793, 2.426, 2, 38.86, 39, 1.687399305805313}, // c = 4.219, z = 0.474
        {0.243, 4.414, 0.793, 2.426, 10, 20, 52, 13.905719556803152}, // c = 12.219, z = 0.6805
        {0.243, 4.414, 0.793, 2.426, 50, 78, 13, 7.4872882019141184}, // c = 52.219, z = 0.1362
        {0.243, 4.414, 0.3, 0.288, 0, 10, 13, 0.17776340793963078}, // c = -0.412, z = 0.4742
        {0.5, 1, 0.05, 0.01, 0, 0, 52, 4.3757282802501063}, // c = -0.94, z = 0.9811
        {2, 0.5, 0.001, 0.009, 0, 0, 52, 186.34654244286201}, // c = -0.99, z = 0.9905
        {0.243, 4.414, 0.3, 0.288, 1, 20, 13, 0.60318624654051295}, // c = 0.588, z = 0.3475
        {0.243, 4.414, 0.25, 0.75, 0, 10, 13, 0.19696227441933168}, // c = 0 exactly, z = 0.4742
        {0.243, 4.414, 0.5, 1.499999999, 0, 10, 13, 0.19568240892743844}, // c = 1 - 1e-9
        {0.243, 4.414, 0.5, 1.500000001, 0, 10, 13, 0.19568240894721733}, // c = 1 + 1e-9
        {0.243, 4.414, 0.5, 0.499999999, 1, 10, 13, 0.92550047793990754}, // c = 1 - 1e-9
        {0.243, 4.414, 0.5, 0.500000001, 1, 10, 13, 0.92550047809368468}, // c = 1 + 1e-9
        {0.243, 4.414, 1, 2.426, 2, 38.86, 39, 1.6251495363432837}, // a = 1 (limit)
        {0.243, 4.414, 0.999999, 2.426, 2, 38.86, 39, 1.6251498187717159},
        {0.243, 4.414, 1.000001, 2.426, 2, 38.86, 39, 1.6251492539150184},
        {0.243, 4.414, 0.989999999, 2.426, 2, 38.86, 39, 1.6279821833394214}, // |a - 1| just above 0.01
        {0.243, 4.414, 0.990000001, 2.426, 2, 38.86, 39, 1.6279821827712148}, // just below
        {0.243, 4.414, 1.009999999, 2.426, 2, 38.86, 39, 1.6223335708086222}, // just below
        {0.243, 4.414, 1.010000001, 2.426, 2, 38.86, 39, 1.622333570247088}, // just above
        {0.243, 0.052, 0.793, 2.426, 0, 0, 52, 11.485190837358325}, // c = 2.219, z = 0.999
        {1, 0.052, 0.3, 0.1, 1, 0, 52, 258.53137397382239}, // c = 0.4, z = 0.999
        {0.243, 0.052, 1, 0.5, 5, 0, 52, 37.709265369633156}, // a = 1, z = 0.999
        {2, 1, 0.3, 0.4, 200, 78, 52, 122.48689720323466}, // c = 199.7, z = 0.3969
        {0.05, 0.5, 3, 0.01, 0, 52, 0.5, 0.00047383272825179058}, // c = 2.01, z = 0.009434
    };

    /** {r, alpha, a, b, x, t_x, T, P_alive(r, alpha, a, b, x, t_x, T)}. */
    private static final double[][] PROBABILITY_ALIVE = {
        {0.243, 4.414, 0.793, 2.426, 2, 30.43, 38.86, 0.72657857008067291},
        {0.243, 4.414, 0.793, 2.426, 0, 0, 0, 0.753650201926064},
        {0.243, 4.414, 0.793, 2.426, 0, 0, 52, 0.62223074137949313},
        {0.243, 4.414, 0.793, 2.426, 10, 20, 78, 5.5793587995323238e-5},
        {0.243, 4.414, 0.793, 2.426, 1, 1, 78, 0.093959201081333092},
        {0.243, 4.414, 0.3, 0.288, 0, 0, 26, 0.37523066532445709},
        {0.243, 4.414, 0.3, 0.288, 3, 10, 60, 0.056065025251742739},
    };

    /** Observed worst relative error of the series against mpmath is about 1e-10 (at z = 0.999). */
    private static final double SERIES_TOLERANCE = 1e-9;

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        assertTrue(
                Math.abs(actual - expected) <= tolerance * Math.abs(expected),
                what + ": " + actual + ", reference " + expected + " (relative error " + Math.abs(actual / expected - 1)
                        + ")");
    }

    @Test
    void expectedPurchasesOfAnAliveCustomerMatchMpmath() {
        for (double[] row : EXPECTED_IF_ALIVE) {
            BgNbd m = new BgNbd(row[0], row[1], row[2], row[3]);
            double actual = m.expectedPurchasesIfAlive(row[6], (int) row[4], row[5]);
            assertRelative(row[7], actual, SERIES_TOLERANCE, "E_alive" + java.util.Arrays.toString(row));
        }
    }

    /** FHL 2005, section 5: with the CDNOW estimates, x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks. */
    @Test
    void reproducesThePapersExpectedPurchases() {
        double expected = CDNOW.expectedPurchases(39, 2, 30.43, 38.86);
        assertEquals(1.226, expected, 0.0005, "the published value");
        // E('0.243', '4.414', '0.793', '2.426', 2, '30.43', '38.86', 39)
        assertRelative(1.2260281747671444, expected, SERIES_TOLERANCE, "mpmath");
    }

    @Test
    void probabilityAliveMatchesMpmath() {
        for (double[] row : PROBABILITY_ALIVE) {
            BgNbd m = new BgNbd(row[0], row[1], row[2], row[3]);
            assertRelative(
                    row[7],
                    m.probabilityAlive((int) row[4], row[5], row[6]),
                    1e-13,
                    "P(alive)" + java.util.Arrays.toString(row));
        }
    }

    /**
     * CustomerPredictor's LTV is P(alive) · expected spend · Σ_{m=1..M} (E_alive(m·w) - E_alive((m-1)·w))
     * / (1 + d)^m, w = 365.25/12/7 weeks a month, E_alive(0) = 0; the expected spend is Gamma-Gamma's
     * p (gamma + x·mean) / (p x + q - 1), or p gamma / (q - 1) for x = 0. With M = 1 and d = 0 that
     * is the closed form P(alive) · E_alive(w) · expected spend. The references: mpmath, with
     * {@code spend = p*(g + x*m)/(p*x + q - 1)} (p, q, g = 6.25, 3.74, 15.44) and
     * {@code P_alive(...) * spend * sum((E_alive(..., k*w) - E_alive(..., (k-1)*w)) / (1+d)**k for k in 1..M)}.
     */
    private static double lifetimeValue(BgNbd m, PurchaseSummary c, ScoringHorizons horizons) {
        return new CustomerPredictor(m, CDNOW_SPEND, horizons).predict(c).predictedLifetimeValue();
    }

    @Test
    void lifetimeValueOverOneUndiscountedMonthIsTheClosedForm() {
        PurchaseSummary c = new PurchaseSummary(1, 2, 30.43, 38.86, 30.0);
        CustomerPredictor.Prediction p =
                new CustomerPredictor(CDNOW, CDNOW_SPEND, new ScoringHorizons(90, 1, 0.0)).predict(c);
        assertRelative(0.72657857008067291, p.probabilityAlive(), 1e-13, "P(alive)");
        assertRelative(30.938320209973753, p.expectedSpendPerPurchase(), 1e-13, "expected spend");
        // P_alive(...) * E_alive(..., 90/7)
        assertRelative(0.45250112476373647, p.expectedPurchases(), SERIES_TOLERANCE, "expected purchases in 90 days");
        // P_alive(...) * E_alive(..., w) * spend
        assertRelative(4.9457862339925903, p.predictedLifetimeValue(), SERIES_TOLERANCE, "1-month LTV");
    }

    @Test
    void lifetimeValueOverTheDefaultHorizonMatchesMpmath() {
        assertRelative(
                45.54907290404273,
                lifetimeValue(CDNOW, new PurchaseSummary(1, 2, 30.43, 38.86, 30.0), ScoringHorizons.DEFAULT),
                SERIES_TOLERANCE,
                "12-month LTV, 1% a month");
        // a one-time buyer of a fit with a + b < 1: P(alive) 0.41863174895917163, spend 35.218978102189781
        CustomerPredictor.Prediction p = new CustomerPredictor(FEW_LEAVERS, CDNOW_SPEND, ScoringHorizons.DEFAULT)
                .predict(new PurchaseSummary(2, 0, 0, 10, 0));
        assertRelative(
                0.073727889507220893, p.expectedPurchases(), SERIES_TOLERANCE, "one-time buyer, a + b < 1, 90 days");
        assertRelative(
                7.3494343600478856, p.predictedLifetimeValue(), SERIES_TOLERANCE, "one-time buyer, a + b < 1, LTV");
    }

    /**
     * Where the series takes over from the log-space 2F1 form (c = a + b + x - 1 below 1, or a
     * within 0.01 of 1), both forms agree, so the switch leaves no step: the value just past the
     * switch (log-space form) equals the series evaluated at the same point, and the values on
     * either side of it differ only by the function's own change.
     */
    @Test
    void theSwitchBetweenTheTwoFormsLeavesNoStep() {
        double[][] situations = {{0.243, 4.414, 0, 13}, {2, 0.5, 10, 52}, {0.05, 20, 78, 0.5}, {1, 0.1, 0, 52}};
        double below = 1 - 1e-12;
        double above = 1 + 1e-12;
        for (double[] s : situations) {
            double r = s[0];
            double alpha = s[1];
            double bigT = s[2];
            double t = s[3];
            double z = t / (alpha + bigT + t);
            for (int x : new int[] {0, 1}) {
                for (double a : new double[] {0.3, 0.793, 1.5}) {
                    double b = BgNbd.SERIES_BELOW_SHAPE + 1 - a - x; // c = 1 exactly
                    if (b <= 0) {
                        continue;
                    }
                    checkNoStep(new BgNbd(r, alpha, a, b * below), new BgNbd(r, alpha, a, b * above), x, bigT, t, z);
                }
            }
            for (double edge : new double[] {1 - BgNbd.SERIES_NEAR_A_ONE, 1 + BgNbd.SERIES_NEAR_A_ONE}) {
                for (double b : new double[] {0.2, 2.426}) {
                    for (int x : new int[] {1, 5, 40}) {
                        BgNbd inside = new BgNbd(r, alpha, edge < 1 ? edge * above : edge * below, b);
                        BgNbd outside = new BgNbd(r, alpha, edge < 1 ? edge * below : edge * above, b);
                        checkNoStep(inside, outside, x, bigT, t, z);
                    }
                }
            }
        }
    }

    /** {@code series} is on the series' side of a switch, {@code logSpace} just past it. */
    private static void checkNoStep(BgNbd series, BgNbd logSpace, int x, double bigT, double t, double z) {
        String where = logSpace + " x=" + x + " T=" + bigT + " t=" + t;
        double viaLogSpace = logSpace.expectedPurchasesIfAlive(t, x, bigT);
        double seriesThere =
                BgNbd.expectedIfAliveSeries(logSpace.r() + x, logSpace.b() + x, logSpace.a() + logSpace.b() + x, z);
        assertRelative(seriesThere, viaLogSpace, 1e-10, "log-space form vs series at " + where);
        assertRelative(
                viaLogSpace, series.expectedPurchasesIfAlive(t, x, bigT), 1e-10, "across the switch at " + where);
    }
}
