package com.storepulse.scoring;

import static com.storepulse.scoring.SpecialFunctions.logGamma;

import java.util.Arrays;
import java.util.List;

/**
 * The Gamma-Gamma log-likelihood of the repeat customers' mean spends. Spends are divided by
 * their average first (gamma is a money scale; p and q are scale-free), which keeps the optimizer
 * in the same region whatever the currency; {@link #logLikelihood} reports the value on the
 * original scale.
 */
final class GammaGammaLikelihood {

    private final int[] distinctX;
    private final int[] xIndex;
    private final double[] frequency;
    private final double[] scaledSpend;
    private final double[] logScaledSpend;
    private final double scale;

    GammaGammaLikelihood(List<PurchaseSummary> repeatCustomers) {
        int n = repeatCustomers.size();
        frequency = new double[n];
        scaledSpend = new double[n];
        logScaledSpend = new double[n];
        xIndex = new int[n];
        scale = scaleOf(repeatCustomers);
        distinctX = repeatCustomers.stream()
                .mapToInt(PurchaseSummary::frequency)
                .distinct()
                .sorted()
                .toArray();
        for (int i = 0; i < n; i++) {
            PurchaseSummary c = repeatCustomers.get(i);
            frequency[i] = c.frequency();
            scaledSpend[i] = c.meanRepeatSpend() / scale;
            logScaledSpend[i] = Math.log(scaledSpend[i]);
            xIndex[i] = Arrays.binarySearch(distinctX, c.frequency());
        }
    }

    /** The average mean spend: what spends are divided by. */
    static double scaleOf(List<PurchaseSummary> repeatCustomers) {
        double total = 0;
        for (PurchaseSummary c : repeatCustomers) {
            total += c.meanRepeatSpend();
        }
        return !repeatCustomers.isEmpty() && total > 0 ? total / repeatCustomers.size() : 1.0;
    }

    int customers() {
        return frequency.length;
    }

    /** Log-likelihood with gamma on the scaled spends. */
    double scaledLogLikelihood(double p, double q, double scaledGamma) {
        double[] perX = new double[distinctX.length];
        double base = -logGamma(q) + q * Math.log(scaledGamma);
        for (int k = 0; k < distinctX.length; k++) {
            double px = p * distinctX[k];
            perX[k] = base + logGamma(px + q) - logGamma(px) + px * Math.log(distinctX[k]);
        }
        return SpecialFunctions.sumOver(frequency.length, (from, to) -> {
            double sum = 0;
            for (int i = from; i < to; i++) {
                double px = p * frequency[i];
                sum += perX[xIndex[i]]
                        + (px - 1) * logScaledSpend[i]
                        - (px + q) * Math.log(scaledGamma + scaledSpend[i] * frequency[i]);
            }
            return sum;
        });
    }

    /** Log-likelihood of the original spends: the density of m is that of m/scale divided by scale. */
    double logLikelihood(double p, double q, double gamma) {
        return scaledLogLikelihood(p, q, gamma / scale) - frequency.length * Math.log(scale);
    }
}
