package io.tandem.planner.solve;

import java.util.List;

/**
 * A feasible plan for a cell. {@code objective} is the sum of the devices' costs; where the solver
 * proves one, {@code lowerBound} bounds the optimum from below (NaN otherwise), so {@link #gap()}
 * bounds how far the plan can be from optimal. {@code prices} are those the plan balanced at, for a
 * priced solver ({@link Prices#NONE} otherwise): the next solve's start.
 */
public record Solution(
        String solver,
        List<Assignment> assignments,
        double objective,
        double lowerBound,
        long solveNanos,
        Prices prices) {

    /** A solution of a solver that prices nothing. */
    public Solution(
            String solver,
            List<Assignment> assignments,
            double objective,
            double lowerBound,
            long solveNanos) {
        this(solver, assignments, objective, lowerBound, solveNanos, Prices.NONE);
    }

    /**
     * Relative optimality gap bound, (objective - lower bound) / objective; NaN without a bound.
     */
    public double gap() {
        if (Double.isNaN(lowerBound)) {
            return Double.NaN;
        }
        if (objective <= 0) {
            return 0;
        }
        return Math.max(0, (objective - lowerBound) / objective);
    }

    public double totalBandwidthBps() {
        return assignments.stream().mapToDouble(Assignment::bandwidthBps).sum();
    }

    public double totalComputeShare() {
        return assignments.stream().mapToDouble(Assignment::computeShare).sum();
    }
}
