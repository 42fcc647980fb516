package io.tandem.simulator;

import java.util.List;
import java.util.Optional;

/** A run's settings, its fleet in brief, and each planner's figures. */
public record SimulationReport(int devices, double durationSeconds, double windowSeconds, long seed, double ingressMbps,
                               double edgeGflops, List<String> traces, List<String> deviceClasses, long accuracyTasks,
                               long latencyTasks, double wallSeconds, List<PlannerSummary> planners) {

    public Optional<PlannerSummary> planner(String name) {
        return planners.stream().filter(p -> p.planner().equals(name)).findFirst();
    }
}
