package com.storepulse.scoring;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/** Draws customers from the BG/NBD and Gamma-Gamma generative stories with known parameters. */
final class CustomerSimulator {

    private final RandomGenerator random;

    CustomerSimulator(long seed) {
        this.random = new Well19937c(seed);
    }

    /**
     * n customers; customer i is observed for T weeks, T uniform in [minT, maxT]; while alive they
     * buy at rate lambda ~ Gamma(r, alpha), and drop out after each repeat purchase with p ~ Beta(a, b).
     * Repeat spend: nu ~ Gamma(q, gamma), each transaction ~ Gamma(p, nu).
     */
    List<PurchaseSummary> customers(int n, BgNbd purchase, GammaGamma spend, double minT, double maxT) {
        GammaDistribution rates = new GammaDistribution(random, purchase.r(), 1.0 / purchase.alpha());
        BetaDistribution dropouts = new BetaDistribution(random, purchase.a(), purchase.b());
        GammaDistribution spendRates = new GammaDistribution(random, spend.q(), 1.0 / spend.gamma());
        List<PurchaseSummary> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double bigT = minT + (maxT - minT) * random.nextDouble();
            double lambda = rates.sample();
            double p = dropouts.sample();
            int x = 0;
            double tx = 0;
            double t = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / lambda;
                if (t > bigT) {
                    break;
                }
                x++;
                tx = t;
                if (random.nextDouble() < p) {
                    break;
                }
            }
            double meanSpend = 0;
            if (x > 0) {
                double nu = spendRates.sample();
                // the mean of x Gamma(p, nu) transactions is Gamma(p x, x nu)
                meanSpend = new GammaDistribution(random, spend.p() * x, 1.0 / (x * nu)).sample();
            }
            out.add(new PurchaseSummary(i, x, tx, bigT, meanSpend));
        }
        return out;
    }
}
