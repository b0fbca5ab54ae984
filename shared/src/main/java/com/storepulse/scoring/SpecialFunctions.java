package com.storepulse.scoring;

import org.apache.commons.math3.special.Gamma;

/** Log-space helpers and the Gauss hypergeometric series the models need. */
final class SpecialFunctions {

    private static final int MAX_SERIES_TERMS = 200_000;

    private SpecialFunctions() {
    }

    static double logGamma(double x) {
        return Gamma.logGamma(x);
    }

    static double logBeta(double a, double b) {
        return Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b);
    }

    /** log(exp(u) + exp(v)) without overflow; either may be -infinity. */
    static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(Math.min(u, v) - max));
    }

    /**
     * Gauss's 2F1(a, b; c; z) for 0 <= z < 1 by its power series. Callers arrange (with Euler's
     * transformation) that a and b are small, so the terms shrink from the start.
     */
    static double hypergeometric2F1(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1) || !(c > 0)) {
            throw new IllegalArgumentException("2F1 needs 0 <= z < 1 and c > 0, got z=" + z + " c=" + c);
        }
        double term = 1.0;
        double sum = 1.0;
        for (int n = 0; n < MAX_SERIES_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
                return sum;
            }
        }
        return sum;
    }
}
