package io.tandem.simulator;

import java.util.ArrayList;
import java.util.List;

import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.planner.solve.Assignment;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;

/**
 * Runs every planner over the same fleet, traces and frame arrivals (common random numbers, so
 * differences come from the plans), window by window in simulated time.
 */
public final class Simulation {

    private final SimulationConfig config;
    private final List<SimulatedDevice> devices;

    public Simulation(SimulationConfig config, List<SimulatedDevice> devices) {
        this.config = config;
        this.devices = List.copyOf(devices);
    }

    public SimulationReport run() {
        long start = System.nanoTime();
        List<PlanningPolicy> policies = config.planners().stream().map(n -> PlanningPolicy.byName(n, config.fixedVersion())).toList();
        List<PlannerSummary> summaries = new ArrayList<>();
        for (PlanningPolicy policy : policies) {
            summaries.add(run(policy));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long accuracyTasks = devices.stream().filter(d -> d.task() == TaskKind.ACCURACY).count();
        return new SimulationReport(devices.size(), config.durationSeconds(), config.windowSeconds(), config.seed(),
                config.ingressBps() / 1e6, config.edgeFlops() / 1e9,
                devices.stream().map(d -> d.trace().name()).distinct().sorted().toList(),
                config.deviceClasses().stream().map(DeviceClass::name).toList(),
                accuracyTasks, devices.size() - accuracyTasks, wall, summaries);
    }

    private PlannerSummary run(PlanningPolicy policy) {
        int windows = config.windows();
        PlannerMetrics metrics = new PlannerMetrics(policy.name(), windows);
        List<DeviceQueues> queues = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            queues.add(new DeviceQueues(devices.get(i), config.seed() * 1_000_003L + i));
        }
        List<UplinkEstimate> estimates = new ArrayList<>(devices.size());
        for (SimulatedDevice device : devices) {
            UplinkEstimate estimate = new UplinkEstimate();
            estimate.measured(device.meanCapacity(-config.windowSeconds(), 0)); // the window before the run
            estimates.add(estimate);
        }
        List<Assignment> plan = null;
        SplitOption[] previous = new SplitOption[devices.size()];
        for (int w = 0; w < windows; w++) {
            double from = w * config.windowSeconds();
            double to = Math.min(config.durationSeconds(), from + config.windowSeconds());
            if (plan == null || policy.replans()) {
                Solution solution = policy.solver().solve(problem(policy.knowledge(), estimates, from, to));
                metrics.solved(solution);
                plan = workConserving(solution.assignments());
            }
            for (int i = 0; i < devices.size(); i++) {
                Assignment assignment = plan.get(i);
                metrics.planned(assignment.option(), previous[i] != null && !previous[i].equals(assignment.option()));
                previous[i] = assignment.option();
                queues.get(i).run(to, assignment, metrics, w);
                estimates.get(i).measured(devices.get(i).meanCapacity(from, to));
            }
        }
        return metrics.summary();
    }

    /**
     * Shares are enforced as weights of work-conserving fair queueing, as the edge and a shaping
     * gateway do: what one device leaves unused goes to the others in proportion, so a plan's
     * allocations are scaled up until they fill the ingress and the edge. Every planner is
     * treated alike.
     */
    private List<Assignment> workConserving(List<Assignment> plan) {
        double bandwidth = plan.stream().mapToDouble(Assignment::bandwidthBps).sum();
        double compute = plan.stream().mapToDouble(Assignment::computeShare).sum();
        double bandwidthScale = bandwidth > 0 ? Math.max(1, config.ingressBps() / bandwidth) : 1;
        double computeScale = compute > 0 ? Math.max(1, 1 / compute) : 1;
        return plan.stream().map(a -> new Assignment(a.deviceId(), a.option(), a.bandwidthBps() * bandwidthScale,
                a.computeShare() * computeScale, a.latency(), a.cost())).toList();
    }

    /** The cell as this planner sees it when planning [from, to). */
    private Problem problem(Knowledge knowledge, List<UplinkEstimate> estimates, double from, double to) {
        List<Problem.Device> list = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice device = devices.get(i);
            double uplink = switch (knowledge) {
                case PAST_WINDOW -> estimates.get(i).bps();
                case NEXT_WINDOW -> device.meanCapacity(from, to);
                case LONG_RUN -> device.trace().meanBps();
            };
            list.add(new Problem.Device(device.id(), device.context(uplink), device.options()));
        }
        return new Problem(list, config.ingressBps());
    }
}
