package com.storepulse.scoring;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Minimizes a negative log-likelihood over the logs of positive parameters with Commons Math's
 * BOBYQA (bounded, derivative-free, few evaluations for a handful of parameters), plus an optional
 * L2 penalty on the log-parameters that keeps tiny stores away from 0 and infinity.
 *
 * <p>Convergence check: a second BOBYQA run started at the first one's answer must not improve
 * the objective by more than 1e-4 (plus a relative 1e-9), and no parameter may sit on its bound.
 */
final class LogParameterOptimizer {

    /** Parameters live in [e^-LOG_BOUND, e^LOG_BOUND]; data are rescaled so that real fits are far inside. */
    static final double LOG_BOUND = 15.0;
    /**
     * A parameter beyond e^±10 (22,026 or 1/22,026) has run off toward 0 or infinity even if the
     * optimizer stopped before the bound: the likelihood is flat that way (identical customers,
     * everyone bought on the last day). Real fits sit far inside: every parameter of CDNOW's and
     * of the benchmark stores' fits is within e^±3 (Gamma-Gamma's gamma is fitted on spends
     * divided by their average, so currency does not move it).
     */
    static final double DRIFT_LOG = 10.0;

    private static final int MAX_EVALUATIONS = 4_000;
    /**
     * In log-space: parameters to a relative 1e-5, far below what any estimate's error allows (on
     * CDNOW's 2,357 customers the standard errors are a few percent). 1e-7 cost a third more
     * evaluations on 100,000 customers (190 against 138) for digits nobody can use.
     */
    private static final double STOPPING_RADIUS = 1e-5;
    /** For a starting point only (a fit on a sample): the full fit refines it. */
    private static final double ROUGH_STOPPING_RADIUS = 1e-3;

    private static final double NOT_FINITE = 1e100;

    record Result(
            double[] logParameters,
            double objective,
            double penalty,
            boolean converged,
            String problem,
            int evaluations) {

        /** The negative log-likelihood at the answer, without the penalty. */
        double unpenalizedObjective() {
            return objective - penalty;
        }
    }

    private LogParameterOptimizer() {}

    /**
     * @param negativeLogLikelihood of the log-parameters; may return NaN or infinity where the
     *                              model is undefined (treated as a very bad value)
     * @param initialRadius         BOBYQA's first trust-region radius in log-space: 1 from a rough
     *                              start, smaller from a start known to be close
     * @param names                 parameter names, for the convergence note
     */
    static Result minimize(
            ToDoubleFunction<double[]> negativeLogLikelihood,
            double[] start,
            double l2Penalty,
            double initialRadius,
            String... names) {
        int n = start.length;
        double[] lower = filled(n, -LOG_BOUND);
        double[] upper = filled(n, LOG_BOUND);
        double[] clampedStart = clamped(start);
        Objective objective = new Objective(negativeLogLikelihood, l2Penalty);
        boolean withinBudget = run(objective, clampedStart, lower, upper, initialRadius);
        double firstBest = objective.bestValue;
        withinBudget &= run(objective, objective.bestPoint.clone(), lower, upper, 1e-3);
        double improvement = firstBest - objective.bestValue;

        double[] best = objective.bestPoint.clone();
        StringBuilder problem = new StringBuilder();
        if (!withinBudget) {
            problem.append("stopped after ").append(MAX_EVALUATIONS).append(" evaluations; ");
        }
        if (improvement > 1e-4 + 1e-9 * Math.abs(objective.bestValue)) {
            problem.append("a restart still improved the objective by ")
                    .append(improvement)
                    .append("; ");
        }
        for (int i = 0; i < n; i++) {
            if (Math.abs(Math.abs(best[i]) - LOG_BOUND) < 1e-3) {
                problem.append(names[i])
                        .append(" ran to its bound (")
                        .append(Math.exp(best[i]))
                        .append("): the data do not pin it down; ");
            } else if (Math.abs(best[i]) > DRIFT_LOG) {
                problem.append(names[i])
                        .append(" drifted to ")
                        .append(Math.exp(best[i]))
                        .append(" (beyond e^±10): the data do not pin it down; ");
            }
        }
        if (objective.bestValue >= NOT_FINITE) {
            problem.append("no parameters gave a finite likelihood; ");
        }
        boolean converged = problem.isEmpty();
        double penalty = 0;
        for (double p : best) {
            penalty += l2Penalty * p * p;
        }
        return new Result(
                best,
                objective.bestValue,
                penalty,
                converged,
                converged ? null : problem.toString().trim(),
                objective.evaluations);
    }

    /**
     * A starting point for {@link #minimize}: one BOBYQA run to a relative 1e-3, no convergence
     * check (a sample's optimum is within its own sampling error of the full data's anyway).
     */
    static double[] roughMinimum(ToDoubleFunction<double[]> negativeLogLikelihood, double[] start, double l2Penalty) {
        int n = start.length;
        double[] lower = filled(n, -LOG_BOUND);
        double[] upper = filled(n, LOG_BOUND);
        double[] clampedStart = clamped(start);
        Objective objective = new Objective(negativeLogLikelihood, l2Penalty);
        run(objective, clampedStart, lower, upper, 1.0, ROUGH_STOPPING_RADIUS);
        return objective.bestPoint.clone();
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** A start one unit inside the bounds, so BOBYQA's first trust region fits. */
    private static double[] clamped(double[] start) {
        double[] out = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            out[i] = Math.max(-LOG_BOUND + 1, Math.min(LOG_BOUND - 1, start[i]));
        }
        return out;
    }

    private static boolean run(Objective objective, double[] start, double[] lower, double[] upper, double radius) {
        return run(objective, start, lower, upper, radius, STOPPING_RADIUS);
    }

    private static boolean run(
            Objective objective, double[] start, double[] lower, double[] upper, double radius, double stoppingRadius) {
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * start.length + 1, radius, stoppingRadius);
        try {
            optimizer.optimize(
                    new MaxEval(MAX_EVALUATIONS),
                    new ObjectiveFunction(objective::value),
                    GoalType.MINIMIZE,
                    new InitialGuess(start),
                    new SimpleBounds(lower, upper));
            return true;
        } catch (TooManyEvaluationsException e) {
            return false;
        }
    }

    /** Tracks the best point seen, so a stopped run still yields its best answer. */
    private static final class Objective {
        private final ToDoubleFunction<double[]> negativeLogLikelihood;
        private final double l2Penalty;
        private double bestValue = Double.POSITIVE_INFINITY;
        private double[] bestPoint;
        private int evaluations;

        Objective(ToDoubleFunction<double[]> negativeLogLikelihood, double l2Penalty) {
            this.negativeLogLikelihood = negativeLogLikelihood;
            this.l2Penalty = l2Penalty;
        }

        double value(double[] logParameters) {
            evaluations++;
            double value = negativeLogLikelihood.applyAsDouble(logParameters);
            if (l2Penalty > 0) {
                for (double p : logParameters) {
                    value += l2Penalty * p * p;
                }
            }
            if (!Double.isFinite(value) || value > NOT_FINITE) {
                value = NOT_FINITE;
            }
            if (value < bestValue || bestPoint == null) {
                bestValue = value;
                bestPoint = logParameters.clone();
            }
            return value;
        }
    }

    static double[] exp(double[] logParameters) {
        double[] out = new double[logParameters.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(logParameters[i]);
        }
        return out;
    }
}
