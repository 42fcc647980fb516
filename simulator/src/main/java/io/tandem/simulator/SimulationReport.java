package io.tandem.simulator;

import java.util.List;
import java.util.Optional;

/** A run's settings, its fleet in brief, and each planner's figures. */
public record SimulationReport(
        int devices,
        double durationSeconds,
        double windowSeconds,
        long seed,
        double ingressMbps,
        double edgeGflops,
        List<String> traces,
        List<String> deviceClasses,
        long accuracyTasks,
        long latencyTasks,
        double wallSeconds,
        List<PlannerSummary> planners) {

    public Optional<PlannerSummary> planner(String name) {
        return planners.stream().filter(p -> p.planner().equals(name)).findFirst();
    }

    /** The clairvoyant reference with the lowest objective in this run, if any ran. */
    public Optional<PlannerSummary> bestClairvoyant() {
        return planners.stream()
                .filter(p -> Planners.CLAIRVOYANT.contains(p.planner()))
                .min(java.util.Comparator.comparingDouble(PlannerSummary::meanObjective));
    }

    /**
     * {@code planner}'s objective relative to the best clairvoyant reference's (0.03 = 3% worse);
     * NaN without one.
     */
    public double gapToBestClairvoyant(String planner) {
        var best = bestClairvoyant();
        var p = planner(planner);
        if (best.isEmpty() || p.isEmpty()) {
            return Double.NaN;
        }
        return p.get().meanObjective() / best.get().meanObjective() - 1;
    }
}
