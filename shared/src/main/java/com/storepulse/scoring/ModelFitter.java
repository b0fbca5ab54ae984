package com.storepulse.scoring;

import java.util.ArrayList;
import java.util.List;

/** Maximum-likelihood fits of BG/NBD and Gamma-Gamma on one customer base. */
public final class ModelFitter {

    private ModelFitter() {
    }

    public static ModelFit fit(List<PurchaseSummary> customers, FitOptions options) {
        List<PurchaseSummary> repeat = new ArrayList<>();
        List<PurchaseSummary> repeatWithSpend = new ArrayList<>();
        for (PurchaseSummary c : customers) {
            if (c.isRepeatCustomer()) {
                repeat.add(c);
                if (c.meanRepeatSpend() > 0) {
                    // Gamma-Gamma's spend density is 0 at 0: free repeat orders say nothing about spend.
                    repeatWithSpend.add(c);
                }
            }
        }
        double penalty = options.penaltyFor(customers.size());
        List<String> notes = new ArrayList<>();
        FitStatus status = FitStatus.OK;

        BgNbd bgNbd;
        double bgNbdLl;
        if (customers.size() < options.minCustomers() || repeat.size() < options.minRepeatCustomers()) {
            bgNbd = ModelFit.DEFAULT_BG_NBD;
            bgNbdLl = Double.NaN;
            status = FitStatus.INSUFFICIENT_DATA;
            notes.add("BG/NBD: " + customers.size() + " customers, " + repeat.size() + " repeat (need "
                    + options.minCustomers() + " and " + options.minRepeatCustomers() + "): default parameters");
        } else {
            BgNbdLikelihood likelihood = new BgNbdLikelihood(customers);
            LogParameterOptimizer.Result result = LogParameterOptimizer.minimize(
                    lp -> -likelihood.logLikelihood(Math.exp(lp[0]), Math.exp(lp[1]), Math.exp(lp[2]), Math.exp(lp[3])),
                    bgNbdStart(customers), penalty, "r", "alpha", "a", "b");
            double[] p = LogParameterOptimizer.exp(result.logParameters());
            bgNbd = new BgNbd(p[0], p[1], p[2], p[3]);
            bgNbdLl = likelihood.logLikelihood(p[0], p[1], p[2], p[3]);
            if (!result.converged()) {
                status = status.worse(FitStatus.NOT_CONVERGED);
                notes.add("BG/NBD: " + result.problem());
            }
        }

        GammaGamma gammaGamma;
        double gammaGammaLl;
        if (repeatWithSpend.size() < options.minRepeatCustomers()) {
            gammaGamma = defaultGammaGamma(repeatWithSpend, options.fallbackMeanSpend());
            gammaGammaLl = Double.NaN;
            status = status.worse(FitStatus.INSUFFICIENT_DATA);
            notes.add("Gamma-Gamma: " + repeatWithSpend.size() + " repeat customers with spend (need " + options.minRepeatCustomers()
                    + "): default shape, scaled to a mean spend of " + Math.round(gammaGamma.populationMeanSpend() * 100) / 100.0);
        } else {
            GammaGammaLikelihood likelihood = new GammaGammaLikelihood(repeatWithSpend);
            // q is kept above 1 (log q >= 0.001) so that the average spend p*gamma/(q-1) exists.
            LogParameterOptimizer.Result result = LogParameterOptimizer.minimize(
                    lp -> lp[1] < 1e-3 ? Double.NaN
                            : -likelihood.scaledLogLikelihood(Math.exp(lp[0]), Math.exp(lp[1]), Math.exp(lp[2])),
                    new double[] {0.0, Math.log(2.0), 0.0}, penalty, "p", "q", "gamma");
            double[] p = LogParameterOptimizer.exp(result.logParameters());
            gammaGamma = new GammaGamma(p[0], p[1], p[2] * likelihood.scale());
            gammaGammaLl = likelihood.logLikelihood(gammaGamma.p(), gammaGamma.q(), gammaGamma.gamma());
            if (!result.converged()) {
                status = status.worse(FitStatus.NOT_CONVERGED);
                notes.add("Gamma-Gamma: " + result.problem());
            }
        }
        if (penalty > 0) {
            notes.add("L2 penalty " + penalty + " on log-parameters (fewer than " + FitOptions.SMALL_STORE_CUSTOMERS + " customers)");
        }
        return new ModelFit(status, notes.isEmpty() ? null : String.join("; ", notes), customers.size(), repeat.size(),
                bgNbd, bgNbdLl, gammaGamma, gammaGammaLl, penalty);
    }

    /** r = a = b = 1 and alpha matching the observed purchase rate: a start inside the likely region. */
    private static double[] bgNbdStart(List<PurchaseSummary> customers) {
        double purchases = 0;
        double weeks = 0;
        for (PurchaseSummary c : customers) {
            purchases += c.frequency();
            weeks += c.tenureWeeks();
        }
        double alpha = purchases > 0 && weeks > 0 ? weeks / purchases : 1.0;
        return new double[] {0.0, Math.log(alpha), 0.0, 0.0};
    }

    /** CDNOW's p and q, with gamma chosen so the average spend is the store's own. */
    private static GammaGamma defaultGammaGamma(List<PurchaseSummary> repeat, double fallbackMeanSpend) {
        GammaGamma d = ModelFit.DEFAULT_GAMMA_GAMMA;
        double mean = fallbackMeanSpend;
        if (!(mean > 0) || Double.isInfinite(mean)) {
            mean = repeat.stream().mapToDouble(PurchaseSummary::meanRepeatSpend).filter(m -> m > 0).average().orElse(Double.NaN);
        }
        if (!(mean > 0) || Double.isInfinite(mean)) {
            return d;
        }
        return new GammaGamma(d.p(), d.q(), mean * (d.q() - 1) / d.p());
    }
}
