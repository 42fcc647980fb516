package io.tandem.planner.solve;

import java.util.List;

/**
 * A feasible plan for a cell. {@code objective} is the sum of the devices' costs; where the solver
 * proves one, {@code lowerBound} bounds the optimum from below (NaN otherwise), so {@link #gap()}
 * bounds how far the plan can be from optimal.
 */
public record Solution(
        String solver,
        List<Assignment> assignments,
        double objective,
        double lowerBound,
        long solveNanos) {

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
