package io.tandem.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a report as {@code report.json}, {@code report.md} and two PNG plots. */
public final class ReportFiles {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The CDF plot stops at this fraction, so a few frames stuck in a trace's outage do not squash
     * the axis.
     */
    private static final double CDF_SHOWN = 0.999;

    private ReportFiles() {}

    /**
     * @return the files written
     */
    public static List<Path> write(SimulationReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("report.json");
        JSON.writeValue(json.toFile(), report);
        Path markdown = dir.resolve("report.md");
        Files.writeString(markdown, markdown(report));
        Path cdf = dir.resolve("latency-cdf.png");
        latencyCdf(report).write(cdf);
        Path objective = dir.resolve("objective.png");
        objectiveOverTime(report).write(objective);
        return List.of(json, markdown, cdf, objective);
    }

    /** The per-planner table, sorted as run. */
    public static String table(SimulationReport report) {
        StringBuilder out = new StringBuilder();
        out.append(
                "| planner | mean objective | mean latency ms | p95 latency ms | mean accuracy | in"
                    + " deadline / offered | in deadline / admitted | shed | dropped | bytes/frame"
                    + " | plan switches | device-only / edge-only / mid (device-windows) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PlannerSummary p : report.planners()) {
            out.append(
                    String.format(
                            "| %s | %.4f | %.1f | %.1f | %.2f%% | %.1f%% | %.1f%% | %.2f%% | %.2f%%"
                                    + " | %.0f | %d | %d / %d / %d |%n",
                            p.planner(),
                            p.meanObjective(),
                            p.meanLatencyMs(),
                            p.p95LatencyMs(),
                            100 * p.meanAccuracy(),
                            100 * p.deadlineAttainment(),
                            100 * p.admittedDeadlineAttainment(),
                            100.0 * p.shed() / Math.max(1, p.frames()),
                            100.0 * p.dropped() / Math.max(1, p.frames()),
                            p.bytesPerFrame(),
                            p.planSwitches(),
                            p.splitMix().get("device-only"),
                            p.splitMix().get("edge-only"),
                            p.splitMix().get("mid")));
        }
        var best = report.bestClairvoyant();
        if (best.isPresent() && report.planner("tandem").isPresent()) {
            double gap = 100 * report.gapToBestClairvoyant("tandem");
            out.append(
                    String.format(
                            "%ntandem vs the best clairvoyant reference (%s): %+.1f%%%n",
                            best.get().planner(), gap));
        }
        return out.toString();
    }

    static String markdown(SimulationReport report) {
        return "# Simulation report\n\n"
                + String.format(
                        "%d devices (%d accuracy-sensitive, %d latency-sensitive; classes %s), %.0f"
                                + " simulated seconds, %.1f s windows, seed %d; cell ingress %.1f"
                                + " Mbit/s, edge %.1f GFLOP/s; %d traces; %.1f s wall time.%n%n",
                        report.devices(),
                        report.accuracyTasks(),
                        report.latencyTasks(),
                        String.join(", ", report.deviceClasses()),
                        report.durationSeconds(),
                        report.windowSeconds(),
                        report.seed(),
                        report.ingressMbps(),
                        report.edgeGflops(),
                        report.traces().size(),
                        report.wallSeconds())
                + table(report)
                + "\nLower objective is better (docs/cost-model.md). Solve times: "
                + String.join(
                        ", ",
                        report.planners().stream()
                                .map(
                                        p ->
                                                String.format(
                                                        "%s %.2f ms mean, %.1f ms max",
                                                        p.planner(),
                                                        p.meanSolveMs(),
                                                        p.maxSolveMs()))
                                .toList())
                + ".\n";
    }

    private static LineChart latencyCdf(SimulationReport report) {
        LineChart chart =
                new LineChart(
                        "End-to-end latency, answered frames (CDF to 99.9%)",
                        "latency (ms, log scale)", "fraction of frames", true);
        for (PlannerSummary p : report.planners()) {
            double[][] cdf = p.latencyCdf();
            int shown = 0;
            while (shown < cdf.length && (shown == 0 || cdf[shown - 1][1] < CDF_SHOWN)) {
                shown++;
            }
            double[] x = new double[shown];
            double[] y = new double[shown];
            for (int i = 0; i < shown; i++) {
                x[i] = cdf[i][0] * 1000;
                y[i] = cdf[i][1];
            }
            chart.add(p.planner(), x, y);
        }
        return chart;
    }

    private static LineChart objectiveOverTime(SimulationReport report) {
        LineChart chart =
                new LineChart(
                        "Mean per-frame cost per window (lower is better)",
                        "simulated time (s)",
                        "objective",
                        false);
        for (PlannerSummary p : report.planners()) {
            Double[] values = p.objectiveOverTime();
            double[] x = new double[values.length];
            double[] y = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                x[i] = i * report.windowSeconds();
                y[i] = values[i] == null ? Double.NaN : values[i];
            }
            chart.add(p.planner(), x, y);
        }
        return chart;
    }
}
