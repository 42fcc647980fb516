package io.tandem.simulator;

import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.online.InMemoryPlannerState;
import io.tandem.planner.online.OnlinePlanner;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import io.tandem.schema.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The edge job's planning policy, {@link OnlinePlanner}, run as the job runs it: it is fed each
 * device's telemetry as it arrives and re-solves at every window boundary; its plans, epochs,
 * hysteresis, dwell and admitted rates are what the devices follow. The baselines run through it
 * too, with their own solver and none of Tandem's stability or dynamics rules.
 */
final class PolicyPlanner implements SimulatedPlanner {

    private final String name;
    private final OnlinePlanner policy;
    private final InMemoryPlannerState state = new InMemoryPlannerState();
    private final List<SimulatedDevice> devices;

    PolicyPlanner(
            String name,
            SplitOptionCatalog catalog,
            PlannerSettings settings,
            List<SimulatedDevice> devices) {
        this(name, new OnlinePlanner(catalog, settings), devices);
    }

    PolicyPlanner(String name, OnlinePlanner policy, List<SimulatedDevice> devices) {
        this.name = name;
        this.policy = policy;
        this.devices = devices;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<WindowPlan> plan(
            int window, double from, double to, List<Telemetry> telemetry, PlannerMetrics metrics) {
        long now = DeviceQueues.EPOCH_MILLIS + Math.round(from * 1000);
        for (Telemetry t : telemetry) {
            policy.observe(state, t, now);
        }
        policy.replan(state, PlanReason.PERIODIC, now).ifPresent(r -> metrics.solved(r.solution()));
        Map<String, Plan> plans = state.plans();
        List<WindowPlan> out = new ArrayList<>(devices.size());
        for (SimulatedDevice device : devices) {
            Plan plan = plans.get(device.id());
            if (plan == null) {
                out.add(safeDefault(device)); // not plannable yet (no transfer measured its link)
                continue;
            }
            out.add(
                    new WindowPlan(
                            optionOf(device, plan),
                            plan.getUplinkBandwidthBps(),
                            plan.getEdgeComputeShare(),
                            plan.getFrameRateHz()));
        }
        return out;
    }

    /**
     * What a device runs before its first plan: its fastest device-only option (or its fastest
     * option, if it has none), at an equal share of the cell, at its full rate.
     */
    private WindowPlan safeDefault(SimulatedDevice device) {
        SplitOption fastest =
                device.options().stream()
                        .filter(SplitOption::deviceOnly)
                        .min(java.util.Comparator.comparingDouble(SplitOption::headSeconds))
                        .orElse(
                                device.options().stream()
                                        .min(
                                                java.util.Comparator.comparingDouble(
                                                        SplitOption::headSeconds))
                                        .orElseThrow());
        return new WindowPlan(
                fastest,
                policy.settings().ingressBps() / devices.size(),
                1.0 / devices.size(),
                device.frameRateHz());
    }

    private static SplitOption optionOf(SimulatedDevice device, Plan plan) {
        for (SplitOption o : device.options()) {
            if (o.version().equals(plan.getVersion())
                    && o.partition() == plan.getPartition()
                    && o.codec().equals(plan.getCodec())) {
                return o;
            }
        }
        throw new IllegalStateException(
                "plan for "
                        + device.id()
                        + " names an option the device lacks: "
                        + plan.getVersion()
                        + "/p"
                        + plan.getPartition()
                        + "/"
                        + plan.getCodec());
    }
}
