package io.tandem.simulator;

import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.schema.Telemetry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every planner over the same fleet, traces and frame arrivals (common random numbers, so
 * differences come from the plans), window by window in simulated time: each window's frames go
 * through the devices' queues under the plans in force, and the telemetry the devices would publish
 * at its end is what the planners see before the next.
 */
public final class Simulation {

    private final SimulationConfig config;
    private final SplitOptionCatalog catalog;
    private final List<SimulatedDevice> devices;

    /**
     * Fails at once on an unknown planner, or on {@code exact} over a fleet too large to search.
     */
    public Simulation(
            SimulationConfig config, SplitOptionCatalog catalog, List<SimulatedDevice> devices) {
        config.planners().forEach(Planners::check);
        ExactLimit.check(config.planners(), devices);
        this.config = config;
        this.catalog = catalog;
        this.devices = List.copyOf(devices);
    }

    public SimulationReport run() {
        long start = System.nanoTime();
        List<PlannerSummary> summaries = new ArrayList<>();
        for (String name : config.planners()) {
            summaries.add(
                    name.equals("hindsight-static")
                            ? hindsightStatic()
                            : run(Planners.create(name, config, catalog, devices)));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long accuracyTasks = devices.stream().filter(d -> d.task() == TaskKind.ACCURACY).count();
        return new SimulationReport(
                devices.size(),
                config.durationSeconds(),
                config.windowSeconds(),
                config.seed(),
                config.ingressBps() / 1e6,
                config.edgeFlops() / 1e9,
                devices.stream().map(d -> d.trace().name()).distinct().sorted().toList(),
                config.deviceClasses().stream().map(DeviceClass::name).toList(),
                accuracyTasks,
                devices.size() - accuracyTasks,
                wall,
                summaries);
    }

    /**
     * The best of a few fixed plans chosen after seeing the whole run: Tandem's solver on each
     * device's arithmetic and harmonic mean capacity over the run and on the 25th and 10th
     * percentile of its window means, each simulated, the lowest objective kept.
     */
    private PlannerSummary hindsightStatic() {
        double d = config.durationSeconds();
        double w = config.windowSeconds();
        List<SimulatedPlanner> candidates =
                List.of(
                        ReferencePlanner.hindsight(
                                "mean",
                                devices,
                                config.ingressBps(),
                                dev -> dev.meanCapacity(0, d)),
                        ReferencePlanner.hindsight(
                                "harmonic",
                                devices,
                                config.ingressBps(),
                                dev -> dev.harmonicCapacity(0, d)),
                        ReferencePlanner.hindsight(
                                "p25",
                                devices,
                                config.ingressBps(),
                                dev -> windowQuantile(dev, d, w, 0.25)),
                        ReferencePlanner.hindsight(
                                "p10",
                                devices,
                                config.ingressBps(),
                                dev -> windowQuantile(dev, d, w, 0.10)));
        return candidates.stream()
                .map(this::run)
                .min(Comparator.comparingDouble(PlannerSummary::meanObjective))
                .orElseThrow()
                .renamed("hindsight-static");
    }

    private static double windowQuantile(
            SimulatedDevice device, double duration, double window, double q) {
        int n = (int) Math.ceil(duration / window - 1e-9);
        double[] means = new double[n];
        for (int i = 0; i < n; i++) {
            means[i] = device.meanCapacity(i * window, Math.min(duration, (i + 1) * window));
        }
        Arrays.sort(means);
        return Math.max(SimulatedDevice.FLOOR_BPS, means[Math.min(n - 1, (int) Math.floor(q * n))]);
    }

    PlannerSummary run(SimulatedPlanner planner) {
        int windows = config.windows();
        PlannerMetrics metrics = new PlannerMetrics(planner.name(), windows);
        List<DeviceQueues> queues = new ArrayList<>(devices.size());
        List<Telemetry> telemetry = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            DeviceQueues q = new DeviceQueues(devices.get(i), config.seed() * 1_000_003L + i);
            queues.add(q);
            telemetry.add(q.before(-config.windowSeconds(), 0));
        }
        WindowPlan[] previous = new WindowPlan[devices.size()];
        for (int w = 0; w < windows; w++) {
            double from = w * config.windowSeconds();
            double to = Math.min(config.durationSeconds(), from + config.windowSeconds());
            List<WindowPlan> plan = workConserving(planner.plan(w, from, to, telemetry, metrics));
            List<Telemetry> next = new ArrayList<>(devices.size());
            for (int i = 0; i < devices.size(); i++) {
                WindowPlan p = plan.get(i);
                metrics.planned(
                        p.option(),
                        previous[i] != null && !previous[i].option().equals(p.option()));
                previous[i] = p;
                next.add(queues.get(i).run(from, to, p, metrics, w));
            }
            Map<String, Double> costs = new HashMap<>();
            for (int i = 0; i < devices.size(); i++) {
                costs.put(devices.get(i).id(), queues.get(i).takeCostPerOfferedFrame(to - from));
            }
            planner.windowEnded(w, costs);
            telemetry = next;
        }
        return metrics.summary();
    }

    /**
     * Shares are enforced as weights of work-conserving fair queueing, as the edge and a shaping
     * gateway do: what one device leaves unused goes to the others in proportion, so a plan's
     * allocations are scaled up until they fill the ingress and the edge. Every planner is treated
     * alike.
     */
    private List<WindowPlan> workConserving(List<WindowPlan> plan) {
        double bandwidth = plan.stream().mapToDouble(WindowPlan::bandwidthBps).sum();
        double compute = plan.stream().mapToDouble(WindowPlan::computeShare).sum();
        double bandwidthScale = bandwidth > 0 ? Math.max(1, config.ingressBps() / bandwidth) : 1;
        double computeScale = compute > 0 ? Math.max(1, 1 / compute) : 1;
        return plan.stream().map(p -> p.scaled(bandwidthScale, computeScale)).toList();
    }
}
