package com.storepulse.demodata;

import java.util.SplittableRandom;

/** The few random distributions the generator needs, all driven by a seeded SplittableRandom. */
final class Draws {

    private Draws() {}

    /** A well-mixed seed for one (seed, entity, stream) triple, so every customer has its own streams. */
    static SplittableRandom stream(long seed, long entity, int stream) {
        return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (entity + 1)) + stream));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Gamma(shape, scale), Marsaglia and Tsang; shape below 1 via the boost u^(1/shape). */
    static double gamma(SplittableRandom rng, double shape, double scale) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(rng, shape + 1, scale) * Math.pow(u == 0 ? Double.MIN_VALUE : u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v * scale;
            }
        }
    }

    /** Poisson(mean): exact (Knuth) for small means, a rounded normal beyond 30 where it is close enough. */
    static int poisson(SplittableRandom rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = rng.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= rng.nextDouble();
        }
        return count;
    }

    static int weighted(SplittableRandom rng, double[] weights) {
        double u = rng.nextDouble();
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            if (u < total) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static <T> T pick(SplittableRandom rng, java.util.List<T> values) {
        return values.get(rng.nextInt(values.size()));
    }
}
