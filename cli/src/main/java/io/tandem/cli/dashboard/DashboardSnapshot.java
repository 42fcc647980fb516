package io.tandem.cli.dashboard;

import java.util.List;
import java.util.Map;

/**
 * What the dashboard page draws, as Jackson writes it: the page reads these component names
 * (DashboardPageTest fails when one it reads is missing). Null where nothing is measured yet.
 *
 * @param time the seconds the series cover, epoch seconds, oldest first
 * @param deadlines the tightest deadline any device of each task kind reports, ms
 */
public record DashboardSnapshot(
        List<Long> time,
        Series series,
        Map<String, Double> deadlines,
        List<DeviceRow> devices,
        List<PlanChangeRow> planChanges,
        Totals totals) {

    /**
     * Per-second values aligned with {@code time}.
     *
     * @param latencyMs end-to-end latency of the edge's answers, by task kind
     * @param uplinkMbps measured uplink throughput, by device
     */
    public record Series(
            Map<String, LatencySeries> latencyMs,
            List<Double> edgeUtilization,
            List<Double> accuracy,
            Map<String, List<Double>> uplinkMbps) {}

    /** One task kind's latency quantiles, per second, ms. */
    public record LatencySeries(List<Double> p50, List<Double> p95) {}

    /** One device and the plan in force on it; the plan's fields are null before its first plan. */
    public record DeviceRow(
            String id,
            String deviceClass,
            String kind,
            double deadlineMs,
            double uplinkMbps,
            Double p50Ms,
            Long epoch,
            String split,
            Double bandwidthMbps,
            Double computeShare,
            Double expectedAccuracy,
            Double expectedLatencyMs,
            String versions) {}

    /**
     * One plan change the planner announced; {@code time} in epoch ms, {@code gap} null where
     * unproven.
     */
    public record PlanChangeRow(
            long time,
            String cell,
            String device,
            long epoch,
            String split,
            String reason,
            double bandwidthMbps,
            double computeShare,
            double objective,
            Double gap) {}

    /** Counts since the dashboard started. */
    public record Totals(long requests, long planChanges, int devices) {}
}
