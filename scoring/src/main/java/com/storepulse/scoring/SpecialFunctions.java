package com.storepulse.scoring;

import org.apache.commons.math3.special.Gamma;

/** Log-space helpers and the Gauss hypergeometric series the models need. */
final class SpecialFunctions {

    private static final int MAX_SERIES_TERMS = 200_000;

    /** Below this many terms a likelihood is summed on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 20_000;

    private static final int CHUNKS = 16;

    /** Sums {@code rangeSum(from, to)} over [0, n), in parallel chunks (common pool) for large n. */
    interface RangeSum {
        double sum(int from, int to);
    }

    private SpecialFunctions() {}

    static double sumOver(int n, RangeSum rangeSum) {
        if (n < PARALLEL_THRESHOLD) {
            return rangeSum.sum(0, n);
        }
        double[] chunkSums = java.util.stream.IntStream.range(0, CHUNKS)
                .parallel()
                .mapToDouble(k -> rangeSum.sum((int) ((long) n * k / CHUNKS), (int) ((long) n * (k + 1) / CHUNKS)))
                .toArray();
        // added in a fixed order, so the result does not depend on thread timing
        double total = 0;
        for (double s : chunkSums) {
            total += s;
        }
        return total;
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
     * log of Gauss's 2F1(a, b; c; z) for 0 <= z < 1 by its power series, rescaling as it goes so
     * that a sum far beyond the range of a double still gives its log. With a, b, c > 0 every term
     * is positive. Otherwise terms of both signs can cancel: when the sum is not positive, or is
     * below 1e-4 of the sum of the terms' magnitudes (more than four digits lost), the answer is NaN
     * and the caller must use another form.
     */
    static double logHypergeometric2F1(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1) || !(c > 0)) {
            throw new IllegalArgumentException("2F1 needs 0 <= z < 1 and c > 0, got z=" + z + " c=" + c);
        }
        double term = 1.0;
        double sum = 1.0;
        double magnitudes = 1.0;
        double logScale = 0.0;
        for (int n = 0; n < MAX_SERIES_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            magnitudes += Math.abs(term);
            if (magnitudes > 1e200) {
                sum *= 1e-200;
                term *= 1e-200;
                magnitudes *= 1e-200;
                logScale += 200 * Math.log(10);
            }
            if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
                break;
            }
        }
        if (!(sum > 1e-4 * magnitudes)) {
            return Double.NaN;
        }
        return logScale + Math.log(sum);
    }
}
