package io.tandem.simulator;

import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.solve.Solution;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one planner's run measured, frame by frame and window by window. */
final class PlannerMetrics {

    private final String planner;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final double[] windowCost;
    private final long[] windowFrames;
    private long frames;
    private long answered;
    private long dropped;
    private long shed;
    private long withinDeadline;
    private double latencySum;
    private double accuracySum;
    private double bytesSum;
    private double costSum;
    private long planSwitches;
    private long solves;
    private double solveMillisSum;
    private double solveMillisMax;
    private double gapSum;
    private long gaps;
    private final Map<String, Long> splitMix = new LinkedHashMap<>();

    PlannerMetrics(String planner, int windows) {
        this.planner = planner;
        this.windowCost = new double[windows];
        this.windowFrames = new long[windows];
        splitMix.put("device-only", 0L);
        splitMix.put("edge-only", 0L);
        splitMix.put("mid", 0L);
    }

    void answered(
            int window,
            double latency,
            boolean metDeadline,
            double accuracy,
            double bytes,
            double cost) {
        frames++;
        answered++;
        latencies.add(latency);
        latencySum += latency;
        accuracySum += accuracy;
        bytesSum += bytes;
        if (metDeadline) {
            withinDeadline++;
        }
        charge(window, cost);
    }

    void dropped(int window, double cost) {
        frames++;
        dropped++;
        charge(window, cost);
    }

    /** A frame the plan did not admit (shed at the source by admission control). */
    void shed(int window, double cost) {
        frames++;
        shed++;
        charge(window, cost);
    }

    private void charge(int window, double cost) {
        costSum += cost;
        windowCost[window] += cost;
        windowFrames[window]++;
    }

    void solved(Solution solution) {
        solves++;
        double millis = solution.solveNanos() / 1e6;
        solveMillisSum += millis;
        solveMillisMax = Math.max(solveMillisMax, millis);
        if (!Double.isNaN(solution.gap())) {
            gapSum += solution.gap();
            gaps++;
        }
    }

    /** One device's option for one window, and whether it differs from the last window's. */
    void planned(SplitOption option, boolean switched) {
        if (switched) {
            planSwitches++;
        }
        String kind =
                option.deviceOnly() ? "device-only" : option.partition() == 0 ? "edge-only" : "mid";
        splitMix.merge(kind, 1L, Long::sum);
    }

    PlannerSummary summary() {
        Double[] objectiveOverTime = new Double[windowCost.length];
        for (int w = 0; w < windowCost.length; w++) {
            objectiveOverTime[w] = windowFrames[w] == 0 ? null : windowCost[w] / windowFrames[w];
        }
        long admitted = frames - shed;
        return new PlannerSummary(
                planner,
                frames,
                answered,
                dropped,
                shed,
                ms(latencySum / answered),
                ms(latencies.quantile(0.5)),
                ms(latencies.quantile(0.95)),
                accuracySum / answered,
                costSum / frames,
                (double) withinDeadline / frames,
                admitted == 0 ? 0 : (double) withinDeadline / admitted,
                bytesSum / answered,
                planSwitches,
                solves,
                solveMillisSum / Math.max(1, solves),
                solveMillisMax,
                gaps == 0 ? null : gapSum / gaps,
                Map.copyOf(splitMix),
                objectiveOverTime,
                latencies.cdf());
    }

    private static double ms(double seconds) {
        return seconds * 1000;
    }
}
