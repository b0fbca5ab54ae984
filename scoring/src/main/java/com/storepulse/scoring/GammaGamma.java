package com.storepulse.scoring;

import static com.storepulse.scoring.SpecialFunctions.logGamma;

/**
 * The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"): each transaction of
 * a customer is Gamma(p, nu) distributed, nu ~ Gamma(shape q, rate gamma) across customers. It
 * is fitted on repeat customers' mean repeat spend.
 */
public record GammaGamma(double p, double q, double gamma) {

    public GammaGamma {
        if (!(p > 0 && q > 0 && gamma > 0) || Double.isInfinite(p + q + gamma)) {
            throw new IllegalArgumentException(
                    "Gamma-Gamma parameters must be finite and > 0: " + p + ", " + q + ", " + gamma);
        }
    }

    /** Log-likelihood of one repeat customer's mean spend m over x transactions. */
    public double logLikelihood(int x, double meanSpend) {
        double px = p * x;
        return logGamma(px + q)
                - logGamma(px)
                - logGamma(q)
                + q * Math.log(gamma)
                + (px - 1) * Math.log(meanSpend)
                + px * Math.log(x)
                - (px + q) * Math.log(gamma + meanSpend * x);
    }

    /** Mean spend per transaction across all customers, p * gamma / (q - 1) (finite for q > 1). */
    public double populationMeanSpend() {
        return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
    }

    /**
     * E[spend per transaction | x, mean spend]: a weighted average of the population mean and the
     * customer's own mean, the weight on their own growing with x. For x = 0 it is the
     * population mean.
     */
    public double expectedSpend(int x, double meanSpend) {
        if (x == 0) {
            return populationMeanSpend();
        }
        return p * (gamma + x * meanSpend) / (p * x + q - 1);
    }
}
