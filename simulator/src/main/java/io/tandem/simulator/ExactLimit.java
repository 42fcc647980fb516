package io.tandem.simulator;

import io.tandem.planner.solve.ExactSolver;
import java.util.List;

/**
 * Refuses a run whose {@code exact} planner could not search the whole fleet, before any window:
 * the solver would refuse it only once the simulation is under way.
 */
final class ExactLimit {

    private ExactLimit() {}

    static void check(List<String> planners, List<SimulatedDevice> devices) {
        if (!planners.contains("exact")) {
            return;
        }
        double combinations = combinations(devices);
        if (combinations > ExactSolver.MAX_COMBINATIONS) {
            throw new IllegalArgumentException(
                    String.format(
                            "the exact planner would search %.3g combinations (at most %d): use"
                                    + " fewer devices or codecs, or leave exact out",
                            combinations, ExactSolver.MAX_COMBINATIONS));
        }
    }

    /** Every device's options times every other's; a double, as the product may pass a long. */
    private static double combinations(List<SimulatedDevice> devices) {
        return ExactSolver.combinations(devices.stream().map(d -> d.options().size()).toList());
    }
}
