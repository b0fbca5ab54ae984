package com.storepulse.scoring;

import static com.storepulse.scoring.SpecialFunctions.logBeta;
import static com.storepulse.scoring.SpecialFunctions.logGamma;
import static com.storepulse.scoring.SpecialFunctions.logHypergeometric2F1;
import static com.storepulse.scoring.SpecialFunctions.logSumExp;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005): while alive, a customer buys at rate lambda,
 * lambda ~ Gamma(shape r, rate alpha); after each purchase they drop out with probability p,
 * p ~ Beta(a, b). Time is in weeks. All formulas work in logs.
 */
public record BgNbd(double r, double alpha, double a, double b) {

    /**
     * Expected purchases use {@link #expectedIfAliveSeries} when c = a + b + x - 1 is below this
     * (so only for x = 0 and x = 1, whose series are short) ...
     */
    static final double SERIES_BELOW_SHAPE = 1.0;
    /**
     * ... or when a is this close to 1, where the log-space 2F1 form loses digits to cancellation
     * (about 1e-14 / |a - 1| relative). The series is 20-80 times slower for large x.
     */
    static final double SERIES_NEAR_A_ONE = 0.01;

    private static final int MAX_SERIES_TERMS = 200_000;

    public BgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || Double.isInfinite(r + alpha + a + b)) {
            throw new IllegalArgumentException(
                    "BG/NBD parameters must be finite and > 0: " + r + ", " + alpha + ", " + a + ", " + b);
        }
    }

    /** One customer's log-likelihood (FHL 2005, eq. 6). */
    public double logLikelihood(int x, double tx, double bigT) {
        double common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logBeta(a, b + x) - logBeta(a, b);
        double stillAlive = -(r + x) * Math.log(alpha + bigT);
        double droppedAfterLast =
                x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : Double.NEGATIVE_INFINITY;
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
        // b + (x - 1), not b + x - 1: for x = 1 that is b exactly, as in the one-time buyer's b / (a + b)
        double logOdds =
                Math.log(a) - Math.log(b + (x - 1)) + (r + x) * (Math.log(alpha + bigT) - Math.log(alpha + tx));
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
     *
     * <p>FHL 2005 eq. 10 gives it as c/(a-1) · [1 - (1-z)^(r+x) 2F1(r+x, b+x; c; z)] with
     * c = a + b + x - 1 and z = t / (alpha + T + t). That form is 0/0 at a = 1 and 2F1 has a pole at
     * c = 0 (one-time buyers of a fit with a + b = 1; c lies in (-1, 0) when a + b &lt; 1). Near
     * either, {@link #expectedIfAliveSeries} sums an equivalent series with neither; elsewhere the
     * log-space 2F1 (or its Euler transform) is accurate and, for large x, faster.
     */
    public double expectedPurchasesIfAlive(double t, int x, double bigT) {
        if (!(t > 0)) {
            return 0.0;
        }
        double z = t / (alpha + bigT + t);
        double shape = a + b + x - 1;
        double expected;
        if (shape < SERIES_BELOW_SHAPE || Math.abs(a - 1) < SERIES_NEAR_A_ONE) {
            expected = expectedIfAliveSeries(r + x, b + x, a + b + x, z);
        } else {
            // 1 - (1-z)^(r+x) 2F1(r+x, b+x; c; z), or the same after Euler's transformation,
            // 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; c; z), whichever series has the smaller terms. The
            // direct series has positive terms only; Euler's has terms of both signs when
            // a + b - 1 - r < 0, which cancel badly for large r: then (NaN) the direct series it is.
            double direct = Math.abs((r + x) * (b + x));
            double euler = Math.abs((a + b - 1 - r) * (a - 1));
            double logTail = direct <= euler
                    ? Double.NaN
                    : (a - 1) * Math.log1p(-z) + logHypergeometric2F1(a + b - 1 - r, a - 1, shape, z);
            if (Double.isNaN(logTail)) {
                logTail = (r + x) * Math.log1p(-z) + logHypergeometric2F1(r + x, b + x, shape, z);
            }
            expected = shape / (a - 1) * -Math.expm1(logTail);
        }
        return Double.isFinite(expected) ? Math.max(0.0, expected) : 0.0;
    }

    /**
     * c/(a-1) · [1 - (1-z)^A 2F1(A, B; c; z)] for A = r+x, B = b+x, c = a+b+x-1 = s-1, summed
     * without a cancelling subtraction and finite for every s &gt; 0, including a = 1 and c = 0.
     *
     * <p>Derivation: 2F1 = Σ_n (A)_n z^n/n! · ρ_n with ρ_n = (B)_n/(c)_n, and Σ_n (A)_n z^n/n! =
     * (1-z)^(-A), so 1 - (1-z)^A 2F1 = -(1-z)^A Σ_{n>=1} (A)_n z^n/n! (ρ_n - 1). Since B - c = 1 - a,
     * ρ_1 - 1 = (1-a)/c and ρ_{n+1} - 1 = [(ρ_n - 1)(B+n) + (1-a)]/(c+n); writing
     * ρ_n - 1 = (1-a)/c · (1 + f_n) gives f_1 = 0, f_{n+1} = (f_n (B+n) + B)/(c+n), all f_n &gt;= 0
     * (c + n &gt; 0 for n &gt;= 1), and the factors c/(a-1) · (1-a)/c cancel exactly:
     * <pre>   E = 1 - (1-z)^A + (1-z)^A Σ_{n>=2} (A)_n f_n z^n / n!</pre>
     * a sum of non-negative terms. Same convergence as 2F1's own series; summed in logs with
     * rescaling, so that a sum beyond the range of a double still works.
     *
     * <p>Known limit, shared with the log-space form: the terms peak near n = A z / (1 - z), so
     * when (r + x) (t / (alpha + T)) approaches the 200,000-term cap (a tiny alpha and a customer
     * who first bought just now) the sum is cut short and the result is too low, possibly 0.
     */
    static double expectedIfAliveSeries(double bigA, double bigB, double s, double z) {
        double logSurvival = bigA * Math.log1p(-z);
        double head = -Math.expm1(logSurvival);
        // n = 2: (A)_2 z^2 / 2! and f_2 = B / (c + 1) = B / s
        double u = bigA * (bigA + 1) * z * z / 2;
        double f = bigB / s;
        if (!(u * f > 0)) {
            return head;
        }
        // the sum runs over term_n / term_2, with term_2 kept as a log
        double logFirst = Math.log(u) + Math.log(f);
        double ratioU = 1.0;
        double sum = 1.0;
        double logScale = 0.0;
        for (int n = 2; n < MAX_SERIES_TERMS; n++) {
            double nextF = (f * (bigB + n) + bigB) / (s - 1 + n);
            ratioU *= (bigA + n) * z / (n + 1);
            double term = ratioU * (nextF / (bigB / s));
            f = nextF;
            sum += term;
            if (sum > 1e200) {
                sum *= 1e-200;
                ratioU *= 1e-200;
                logScale += 200 * Math.log(10);
            }
            // the terms fall at a rate that tends to z: the tail after this one is about term · z / (1 - z)
            if (term <= 1e-17 * (1 - z) * sum) {
                break;
            }
        }
        return head + Math.exp(logSurvival + logFirst + logScale + Math.log(sum));
    }

    /** The BG/NBD conditional expected number of purchases in the next t weeks. */
    public double expectedPurchases(double t, int x, double tx, double bigT) {
        return modelProbabilityAlive(x, tx, bigT) * expectedPurchasesIfAlive(t, x, bigT);
    }
}
