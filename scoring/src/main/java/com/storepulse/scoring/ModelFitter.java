package com.storepulse.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Maximum-likelihood fits of BG/NBD and Gamma-Gamma on one customer base. */
public final class ModelFitter {

    /** Above twice this many customers, a fit on a sample of this size gives the starting point. */
    static final int WARM_START_SAMPLE = 20_000;

    private ModelFitter() {}

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
            LogParameterOptimizer.Result result = minimize(
                    customers, ModelFitter::bgNbdObjective, bgNbdStart(customers), penalty, "r", "alpha", "a", "b");
            double[] p = LogParameterOptimizer.exp(result.logParameters());
            bgNbd = new BgNbd(p[0], p[1], p[2], p[3]);
            bgNbdLl = -result.unpenalizedObjective();
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
            notes.add("Gamma-Gamma: " + repeatWithSpend.size() + " repeat customers with spend (need "
                    + options.minRepeatCustomers() + "): default shape, scaled to a mean spend of "
                    + Math.round(gammaGamma.populationMeanSpend() * 100) / 100.0);
        } else {
            LogParameterOptimizer.Result result = minimize(
                    repeatWithSpend,
                    ModelFitter::gammaGammaObjective,
                    new double[] {0.0, Math.log(2.0), 0.0},
                    penalty,
                    "p",
                    "q",
                    "gamma");
            double[] p = LogParameterOptimizer.exp(result.logParameters());
            double scale = GammaGammaLikelihood.scaleOf(repeatWithSpend);
            gammaGamma = new GammaGamma(p[0], p[1], p[2] * scale);
            // the density of the spends is that of the scaled spends divided by the scale
            gammaGammaLl = -result.unpenalizedObjective() - repeatWithSpend.size() * Math.log(scale);
            if (!result.converged()) {
                status = status.worse(FitStatus.NOT_CONVERGED);
                notes.add("Gamma-Gamma: " + result.problem());
            }
            if (gammaGamma.q() < MIN_RELIABLE_Q) {
                // Spend too heavy-tailed for the model: q sits on its bound, and the average
                // spend p*gamma/(q-1), which every one-time buyer's LTV uses, explodes. Keep the
                // store's own observed average instead of an artefact of the bound.
                double fitted = gammaGamma.q();
                gammaGamma = defaultGammaGamma(repeatWithSpend, options.fallbackMeanSpend());
                gammaGammaLl = Double.NaN;
                status = status.worse(FitStatus.NOT_CONVERGED);
                notes.add("Gamma-Gamma: q fitted at its lower bound (" + Math.round(fitted * 1000) / 1000.0
                        + "): spend too heavy-tailed for a finite average; default shape, scaled to a mean spend of "
                        + Math.round(gammaGamma.populationMeanSpend() * 100) / 100.0);
            }
        }
        if (penalty > 0) {
            notes.add("L2 penalty " + penalty + " on log-parameters (fewer than " + FitOptions.SMALL_STORE_CUSTOMERS
                    + " customers)");
        }
        return new ModelFit(
                status,
                notes.isEmpty() ? null : String.join("; ", notes),
                customers.size(),
                repeat.size(),
                bgNbd,
                bgNbdLl,
                gammaGamma,
                gammaGammaLl,
                penalty);
    }

    /**
     * Minimizes over all the data; a large data set first gets a fit on a systematic sample of
     * {@link #WARM_START_SAMPLE} customers, whose answer starts the full fit with a small trust
     * region: the same optimum in a fraction of the full-data evaluations.
     */
    private static LogParameterOptimizer.Result minimize(
            List<PurchaseSummary> data,
            Function<List<PurchaseSummary>, ToDoubleFunction<double[]>> objective,
            double[] start,
            double penalty,
            String... names) {
        double radius = 1.0;
        double[] from = start;
        if (data.size() > 2 * WARM_START_SAMPLE) {
            int step = data.size() / WARM_START_SAMPLE;
            List<PurchaseSummary> sample = new ArrayList<>(data.size() / step + 1);
            for (int i = 0; i < data.size(); i += step) {
                sample.add(data.get(i));
            }
            from = LogParameterOptimizer.roughMinimum(objective.apply(sample), start, penalty);
            radius = 0.05;
        }
        return LogParameterOptimizer.minimize(objective.apply(data), from, penalty, radius, names);
    }

    private static ToDoubleFunction<double[]> bgNbdObjective(List<PurchaseSummary> customers) {
        BgNbdLikelihood likelihood = new BgNbdLikelihood(customers);
        return lp -> -likelihood.logLikelihood(Math.exp(lp[0]), Math.exp(lp[1]), Math.exp(lp[2]), Math.exp(lp[3]));
    }

    /** Below this the fitted q is on (or next to) the q > 1 bound of {@link #gammaGammaObjective}. */
    static final double MIN_RELIABLE_Q = 1.01;

    /** On spends divided by their average; q is kept above 1 (log q >= 0.001) so the average spend p*gamma/(q-1) exists. */
    private static ToDoubleFunction<double[]> gammaGammaObjective(List<PurchaseSummary> repeatCustomers) {
        GammaGammaLikelihood likelihood = new GammaGammaLikelihood(repeatCustomers);
        return lp -> lp[1] < 1e-3
                ? Double.NaN
                : -likelihood.scaledLogLikelihood(Math.exp(lp[0]), Math.exp(lp[1]), Math.exp(lp[2]));
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
            mean = repeat.stream()
                    .mapToDouble(PurchaseSummary::meanRepeatSpend)
                    .filter(m -> m > 0)
                    .average()
                    .orElse(Double.NaN);
        }
        if (!(mean > 0) || Double.isInfinite(mean)) {
            return d;
        }
        return new GammaGamma(d.p(), d.q(), mean * (d.q() - 1) / d.p());
    }
}
