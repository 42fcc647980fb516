package io.tandem.simulator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * One planner's figures over a run. Latencies are of answered frames; accuracy is the expected
 * top-1 accuracy of the (version, partition, codec) that answered each frame; the objective is the
 * mean per-frame cost of docs/cost-model.md at each frame's measured latency, a dropped frame or
 * shed costing as a wrong answer at twice its deadline. {@code deadlineAttainment} is the share of
 * offered frames answered within their deadline (drops and shed frames count as misses); {@code
 * admittedDeadlineAttainment} the same share of the frames the plans admitted.
 */
public record PlannerSummary(
        String planner,
        long frames,
        long answered,
        long dropped,
        long shed,
        double meanLatencyMs,
        double p50LatencyMs,
        double p95LatencyMs,
        double meanAccuracy,
        double meanObjective,
        double deadlineAttainment,
        double admittedDeadlineAttainment,
        double bytesPerFrame,
        long planSwitches,
        long solves,
        double meanSolveMs,
        double maxSolveMs,
        Double meanReportedGap,
        Map<String, Long> splitMix,
        Double[] objectiveOverTime,
        @JsonIgnore double[][] latencyCdf) {

    /** The same figures under another name (the chosen candidate of a reference). */
    public PlannerSummary renamed(String name) {
        return new PlannerSummary(
                name,
                frames,
                answered,
                dropped,
                shed,
                meanLatencyMs,
                p50LatencyMs,
                p95LatencyMs,
                meanAccuracy,
                meanObjective,
                deadlineAttainment,
                admittedDeadlineAttainment,
                bytesPerFrame,
                planSwitches,
                solves,
                meanSolveMs,
                maxSolveMs,
                meanReportedGap,
                splitMix,
                objectiveOverTime,
                latencyCdf);
    }
}
