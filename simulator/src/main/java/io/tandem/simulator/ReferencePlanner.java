package io.tandem.simulator;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.online.BacklogDrain;
import io.tandem.planner.solve.Assignment;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.TandemSolver;
import io.tandem.schema.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The references Tandem's policy is measured against, each Tandem's solver given knowledge no
 * deployed planner has, or a single plan for the whole run. None is a lower bound on the achievable
 * objective (docs/planner.md says why); they are the strongest plans we know how to make with that
 * knowledge.
 */
final class ReferencePlanner implements SimulatedPlanner {

    /** How many windows ahead {@code lookahead} sees. */
    static final int LOOKAHEAD_WINDOWS = 5;

    /** What a reference knows of a device's link when it plans window [from, to). */
    @FunctionalInterface
    interface Knowledge {
        double uplinkBps(SimulatedDevice device, double from, double to);
    }

    private final String name;
    private final List<SimulatedDevice> devices;
    private final double ingressBps;
    private final Knowledge knowledge;
    private final boolean replans;
    private final boolean drainsBacklog;
    private final TandemSolver solver = TandemSolver.online();
    private List<WindowPlan> fixed;

    private ReferencePlanner(
            String name,
            List<SimulatedDevice> devices,
            double ingressBps,
            Knowledge knowledge,
            boolean replans,
            boolean drainsBacklog) {
        this.name = name;
        this.devices = devices;
        this.ingressBps = ingressBps;
        this.knowledge = knowledge;
        this.replans = replans;
        this.drainsBacklog = drainsBacklog;
    }

    /**
     * {@code oracle}: each window planned on its own true mean capacity, as a steady state
     * (clairvoyant, myopic).
     */
    static ReferencePlanner oracle(List<SimulatedDevice> devices, double ingressBps) {
        return new ReferencePlanner(
                "oracle", devices, ingressBps, SimulatedDevice::meanCapacity, true, false);
    }

    /**
     * {@code lookahead}: each window planned on the true harmonic-mean capacity of the next {@value
     * #LOOKAHEAD_WINDOWS} windows and the true queue each device carries into it.
     */
    static ReferencePlanner lookahead(
            List<SimulatedDevice> devices, double ingressBps, double windowSeconds) {
        return new ReferencePlanner(
                "lookahead",
                devices,
                ingressBps,
                (d, from, to) -> d.harmonicCapacity(from, from + LOOKAHEAD_WINDOWS * windowSeconds),
                true,
                true);
    }

    /** {@code static}: one plan from each trace's long-run mean, never revised. */
    static ReferencePlanner longRunStatic(List<SimulatedDevice> devices, double ingressBps) {
        return new ReferencePlanner(
                "static", devices, ingressBps, (d, from, to) -> d.trace().meanBps(), false, false);
    }

    /**
     * One fixed plan from a capacity per device that knows the whole run: a candidate of {@code
     * hindsight-static}.
     */
    static ReferencePlanner hindsight(
            String name,
            List<SimulatedDevice> devices,
            double ingressBps,
            ToDoubleFunction<SimulatedDevice> capacity) {
        return new ReferencePlanner(
                name,
                devices,
                ingressBps,
                (d, from, to) -> capacity.applyAsDouble(d),
                false,
                false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<WindowPlan> plan(
            int window, double from, double to, List<Telemetry> telemetry, PlannerMetrics metrics) {
        if (!replans && fixed != null) {
            return fixed;
        }
        List<Problem.Device> list = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice device = devices.get(i);
            DeviceContext base = device.context(knowledge.uplinkBps(device, from, to));
            double rate =
                    base.frameRateHz()
                            + (drainsBacklog
                                    ? BacklogDrain.rateHz(
                                            telemetry.get(i).getQueueLength(),
                                            device.deadlineSeconds(),
                                            to - from)
                                    : 0);
            list.add(
                    new Problem.Device(
                            device.id(),
                            new DeviceContext(
                                    rate,
                                    base.uplinkCapacityBps(),
                                    base.rttSeconds(),
                                    base.deadlineSeconds(),
                                    base.weights()),
                            device.options()));
        }
        Solution solution = solver.solve(new Problem(list, ingressBps));
        metrics.solved(solution);
        List<WindowPlan> plans = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            Assignment a = solution.assignments().get(i);
            plans.add(
                    new WindowPlan(
                            a.option(),
                            a.bandwidthBps(),
                            a.computeShare(),
                            devices.get(i).frameRateHz()));
        }
        fixed = plans;
        return plans;
    }
}
