package com.storepulse.scoring;

import static com.storepulse.scoring.SpecialFunctions.logHypergeometric2F1;
import static com.storepulse.scoring.SpecialFunctions.logBeta;
import static com.storepulse.scoring.SpecialFunctions.logGamma;
import static com.storepulse.scoring.SpecialFunctions.logSumExp;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005): while alive, a customer buys at rate lambda,
 * lambda ~ Gamma(shape r, rate alpha); after each purchase they drop out with probability p,
 * p ~ Beta(a, b). Time is in weeks. All formulas work in logs.
 */
public record BgNbd(double r, double alpha, double a, double b) {

    public BgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || Double.isInfinite(r + alpha + a + b)) {
            throw new IllegalArgumentException("BG/NBD parameters must be finite and > 0: " + r + ", " + alpha + ", " + a + ", " + b);
        }
    }

    /** One customer's log-likelihood (FHL 2005, eq. 6). */
    public double logLikelihood(int x, double tx, double bigT) {
        double common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logBeta(a, b + x) - logBeta(a, b);
        double stillAlive = -(r + x) * Math.log(alpha + bigT);
        double droppedAfterLast = x > 0
                ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx)
                : Double.NEGATIVE_INFINITY;
        return common + logSumExp(stillAlive, droppedAfterLast);
    }

    /**
     * The model's own P(alive | x, t_x, T). It is 1 for every customer without a repeat purchase,
     * because BG/NBD only lets customers drop out right after a repeat purchase; see
     * {@link #probabilityAlive(int, double, double)} for the corrected value we use.
     */
    public double modelProbabilityAlive(int x, double tx, double bigT) {
        if (x == 0) {
            return 1.0;
        }
        double logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + bigT) - Math.log(alpha + tx));
        return 1.0 / (1.0 + Math.exp(logOdds));
    }

    /**
     * P(alive) with the one-time-buyer correction: a customer without a repeat purchase is
     * treated as having had one chance to drop out, right after the first purchase, with the same
     * Beta(a, b) dropout probability as every later purchase (the MBG/NBD assumption of Batislam
     * et al., 2007). Their P(alive) = 1 / (1 + a/b * ((alpha + T) / alpha)^r): b/(a+b) right after
     * the purchase, falling as the silence since it grows. Repeat customers keep the BG/NBD value.
     */
    public double probabilityAlive(int x, double tx, double bigT) {
        if (x > 0) {
            return modelProbabilityAlive(x, tx, bigT);
        }
        double logOdds = Math.log(a) - Math.log(b) + r * (Math.log(alpha + bigT) - Math.log(alpha));
        return 1.0 / (1.0 + Math.exp(logOdds));
    }

    /**
     * Expected purchases in the next t weeks for a customer known to be alive now (the BG/NBD
     * conditional expectation divided by the model's P(alive)). Depends on x and T only, which is
     * what lets the scorer cache it.
     */
    public double expectedPurchasesIfAlive(double t, int x, double bigT) {
        if (!(t > 0)) {
            return 0.0;
        }
        double z = t / (alpha + bigT + t);
        double shape = a + b + x - 1;
        if (Math.abs(a - 1) < 1e-6) {
            // (1 - (1-z)^(a-1) F) / (a-1) is 0/0 at a = 1: take the symmetric limit.
            return 0.5 * (withDropout(a - 1e-5).expectedPurchasesIfAlive(t, x, bigT)
                    + withDropout(a + 1e-5).expectedPurchasesIfAlive(t, x, bigT));
        }
        // For one-time buyers with a + b < 1 the series' c would not be positive: a numerical
        // guard only, such fits are rare and flagged by their own likelihood.
        double c = Math.max(shape, 1e-3);
        // 1 - (1-z)^(r+x) 2F1(r+x, b+x; c; z), or the same after Euler's transformation,
        // 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; c; z): whichever series has the smaller terms.
        double direct = Math.abs((r + x) * (b + x));
        double euler = Math.abs((a + b - 1 - r) * (a - 1));
        double logTail = direct <= euler
                ? (r + x) * Math.log1p(-z) + logHypergeometric2F1(r + x, b + x, c, z)
                : (a - 1) * Math.log1p(-z) + logHypergeometric2F1(a + b - 1 - r, a - 1, c, z);
        double expected = c / (a - 1) * -Math.expm1(logTail);
        return Double.isFinite(expected) ? Math.max(0.0, expected) : 0.0;
    }

    /** The BG/NBD conditional expected number of purchases in the next t weeks. */
    public double expectedPurchases(double t, int x, double tx, double bigT) {
        return modelProbabilityAlive(x, tx, bigT) * expectedPurchasesIfAlive(t, x, bigT);
    }

    private BgNbd withDropout(double newA) {
        return new BgNbd(r, alpha, newA, b);
    }
}
