package com.storepulse.scoring;

import static com.storepulse.scoring.SpecialFunctions.logBeta;
import static com.storepulse.scoring.SpecialFunctions.logGamma;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BG/NBD log-likelihood of a whole customer base, computed from its sufficient statistics:
 * customers with equal (x, t_x, T) are counted once with a weight, the terms that depend on x only
 * are computed once per distinct x, and log(alpha + t) once per distinct time. With day-grained
 * data a store of a million customers collapses to a few hundred thousand triples and the
 * per-triple cost is two multiplications and one log-sum-exp.
 */
final class BgNbdLikelihood {

    private final int[] distinctX;
    private final double[] distinctTimes;
    private final int[] xIndex;
    private final int[] recencyIndex;
    private final int[] tenureIndex;
    private final double[] weight;

    private record Triple(int x, double tx, double bigT) {}

    BgNbdLikelihood(List<PurchaseSummary> customers) {
        Map<Triple, Integer> counts = new HashMap<>();
        for (PurchaseSummary c : customers) {
            counts.merge(new Triple(c.frequency(), c.recencyWeeks(), c.tenureWeeks()), 1, Integer::sum);
        }
        distinctX =
                counts.keySet().stream().mapToInt(Triple::x).distinct().sorted().toArray();
        distinctTimes = counts.keySet().stream()
                .flatMapToDouble(t -> java.util.stream.DoubleStream.of(t.tx(), t.bigT()))
                .distinct()
                .sorted()
                .toArray();
        int n = counts.size();
        xIndex = new int[n];
        recencyIndex = new int[n];
        tenureIndex = new int[n];
        weight = new double[n];
        int i = 0;
        for (Map.Entry<Triple, Integer> e : counts.entrySet()) {
            Triple t = e.getKey();
            xIndex[i] = Arrays.binarySearch(distinctX, t.x());
            recencyIndex[i] = Arrays.binarySearch(distinctTimes, t.tx());
            tenureIndex[i] = Arrays.binarySearch(distinctTimes, t.bigT());
            weight[i] = e.getValue();
            i++;
        }
    }

    int distinctTriples() {
        return weight.length;
    }

    /**
     * log(1 + e) for 0 <= e <= 1. Math.log is a JIT intrinsic and Math.log1p is not (several times
     * slower, and this runs for every triple at every evaluation); log1p's extra accuracy only
     * matters for tiny e, where the series' first two terms are exact to double precision.
     */
    private static double log1pOfSmall(double e) {
        return e < 1e-5 ? e - 0.5 * e * e : Math.log(1 + e);
    }

    double logLikelihood(double r, double alpha, double a, double b) {
        double[] logAlphaPlusTime = new double[distinctTimes.length];
        for (int j = 0; j < distinctTimes.length; j++) {
            logAlphaPlusTime[j] = Math.log(alpha + distinctTimes[j]);
        }
        double[] common = new double[distinctX.length];
        double[] logDropped = new double[distinctX.length];
        double[] rPlusX = new double[distinctX.length];
        double base = -logGamma(r) + r * Math.log(alpha) - logBeta(a, b);
        for (int k = 0; k < distinctX.length; k++) {
            int x = distinctX[k];
            common[k] = base + logGamma(r + x) + logBeta(a, b + x);
            logDropped[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Double.NEGATIVE_INFINITY;
            rPlusX[k] = r + x;
        }
        return SpecialFunctions.sumOver(weight.length, (from, to) -> {
            double sum = 0;
            for (int i = from; i < to; i++) {
                int k = xIndex[i];
                double stillAlive = -rPlusX[k] * logAlphaPlusTime[tenureIndex[i]];
                double term;
                if (distinctX[k] == 0) {
                    term = stillAlive;
                } else {
                    double dropped = logDropped[k] - rPlusX[k] * logAlphaPlusTime[recencyIndex[i]];
                    double max = Math.max(stillAlive, dropped);
                    term = max + log1pOfSmall(Math.exp(Math.min(stillAlive, dropped) - max));
                }
                sum += weight[i] * (common[k] + term);
            }
            return sum;
        });
    }
}
