package io.tandem.simulator;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One planner's figures over a run. Latencies are of answered frames; accuracy is the expected
 * top-1 accuracy of the (version, partition, codec) that answered each frame; the objective is the
 * mean per-frame cost of docs/cost-model.md at each frame's measured latency, a dropped frame
 * costing as a wrong answer at twice its deadline; deadline attainment counts drops as misses.
 */
public record PlannerSummary(String planner, long frames, long answered, long dropped, double meanLatencyMs,
                             double p50LatencyMs, double p95LatencyMs, double meanAccuracy, double meanObjective,
                             double deadlineAttainment, double bytesPerFrame, long planSwitches, long solves,
                             double meanSolveMs, double maxSolveMs, Double meanReportedGap, Map<String, Long> splitMix,
                             Double[] objectiveOverTime, @JsonIgnore double[][] latencyCdf) {
}
