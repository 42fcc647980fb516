package io.tandem.jobs.planning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.Latency;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.planner.solve.Assignment;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.Solver;
import io.tandem.planner.solve.Solvers;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.PlanReason;

/**
 * Plans one edge cell from its devices' statistics, with hysteresis: the cell is solved twice,
 * once free and once with every planned device held to its current split option (its bandwidth
 * and compute still re-divided); the free solution is taken only when it beats the held one by
 * the hysteresis margin, so plans do not flap on noise. A device then gets a new plan (the next
 * epoch) only when its option changed or its shares moved beyond the share hysteresis. Pure: the
 * Flink operator around it owns state and time.
 */
public final class CellPlanner {

    /** What one re-solve decided. */
    public record Replan(Solution solution, boolean heldOptions, List<Plan> plans, List<PlanChange> changes) {
    }

    private final ModelManifest manifest;
    private final PlannerSettings settings;
    private final Solver solver;
    private final Map<String, List<SplitOption>> optionsByClass = new HashMap<>();

    public CellPlanner(ModelManifest manifest, PlannerSettings settings) {
        this.manifest = manifest;
        this.settings = settings;
        this.solver = Solvers.byName(settings.solver(), settings.fixedVersion());
    }

    /**
     * Re-solves the cell.
     *
     * @param devices    the devices to plan (plannable, not silent)
     * @param current    the plans in force, by device id (missing for devices never planned)
     * @param splitSince when each device's current split was first planned (epoch microseconds)
     * @param edgeSpeed  calibration of the edge's speed: measured over modelled (1 = as configured)
     */
    public Replan replan(Collection<DeviceStatistics> devices, Map<String, Plan> current, Map<String, Long> splitSince,
                         double edgeSpeed, PlanReason reason, long nowMicros) {
        List<Problem.Device> free = new ArrayList<>(devices.size());
        List<Problem.Device> held = new ArrayList<>(devices.size());
        boolean anyHeld = false;
        for (DeviceStatistics stats : devices) {
            List<SplitOption> options = options(stats.deviceClass, edgeSpeed);
            DeviceContext context = context(stats);
            Plan plan = current.get(stats.deviceId);
            SplitOption inForce = optionOf(plan, options);
            anyHeld |= inForce != null;
            // A split younger than the dwell time stays, unless it no longer meets the deadline: no flapping on a noisy link.
            boolean dwelling = inForce != null && nowMicros - splitSince.getOrDefault(stats.deviceId, Long.MIN_VALUE / 2)
                    < settings.minDwellMillis() * 1000 && meetsDeadline(inForce, context, plan);
            free.add(new Problem.Device(stats.deviceId, context, dwelling ? List.of(inForce) : options));
            held.add(new Problem.Device(stats.deviceId, context, inForce == null ? options : List.of(inForce)));
        }
        Solution solution = solver.solve(new Problem(free, settings.ingressBps()));
        boolean keep = false;
        if (anyHeld) {
            Solution holding = solver.solve(new Problem(held, settings.ingressBps()));
            if (Double.isFinite(holding.objective()) && solution.objective() >= holding.objective() * (1 - settings.hysteresis())) {
                solution = holding;
                keep = true;
            }
        }
        Map<String, DeviceStatistics> byId = new HashMap<>();
        devices.forEach(d -> byId.put(d.deviceId, d));
        List<Plan> plans = new ArrayList<>();
        List<PlanChange> changes = new ArrayList<>();
        for (Assignment a : solution.assignments()) {
            Plan before = current.get(a.deviceId());
            if (before != null && !changed(before, a)) {
                continue;
            }
            Plan plan = plan(a, byId.get(a.deviceId()), before, before == null ? PlanReason.DEVICE_JOINED : reason, nowMicros);
            plans.add(plan);
            changes.add(PlanChange.newBuilder().setPlan(plan).setPreviousEpoch(before == null ? null : before.getEpoch())
                    .setObjective(solution.objective()).setGapBound(Double.isNaN(solution.gap()) ? null : solution.gap())
                    .setSolveMicros(solution.solveNanos() / 1000).build());
        }
        return new Replan(solution, keep, plans, changes);
    }

    /** Edge utilization the cell's plans should cause at the configured edge speed. */
    public double modelledEdgeUtilization(Collection<DeviceStatistics> devices, Map<String, Plan> current) {
        double busy = 0;
        for (DeviceStatistics stats : devices) {
            SplitOption option = optionOf(current.get(stats.deviceId), options(stats.deviceClass, 1.0));
            if (option != null) {
                busy += stats.frameRateHz * option.tailEdgeSeconds();
            }
        }
        return busy;
    }

    private static boolean meetsDeadline(SplitOption option, DeviceContext context, Plan plan) {
        Latency latency = CostModel.latency(option, context, plan.getUplinkBandwidthBps() > 0 ? plan.getUplinkBandwidthBps()
                : context.uplinkCapacityBps(), Math.max(plan.getEdgeComputeShare(), 1e-9));
        return latency.stable() && latency.total() <= context.deadlineSeconds();
    }

    /** True when the plan's version, partition or codec differ from the assignment's. */
    public static boolean splitChanged(Plan before, Plan after) {
        return before == null || !before.getVersion().equals(after.getVersion()) || before.getPartition() != after.getPartition()
                || !before.getCodec().equals(after.getCodec());
    }

    private boolean changed(Plan before, Assignment a) {
        SplitOption o = a.option();
        if (!o.version().equals(before.getVersion()) || o.partition() != before.getPartition() || !o.codec().equals(before.getCodec())) {
            return true;
        }
        return relativeChange(before.getUplinkBandwidthBps(), a.bandwidthBps()) > settings.shareHysteresis()
                || relativeChange(before.getEdgeComputeShare(), a.computeShare()) > settings.shareHysteresis();
    }

    private static double relativeChange(double before, double after) {
        double scale = Math.max(Math.abs(before), Math.abs(after));
        return scale < 1e-9 ? 0 : Math.abs(after - before) / scale;
    }

    private Plan plan(Assignment a, DeviceStatistics stats, Plan before, PlanReason reason, long nowMicros) {
        SplitOption o = a.option();
        return Plan.newBuilder()
                .setDeviceId(a.deviceId()).setEpoch(before == null ? Math.max(1, stats.planEpoch + 1) : before.getEpoch() + 1)
                .setModelId(manifest.model()).setVersion(o.version()).setPartition(o.partition()).setCodec(o.codec())
                .setUplinkBandwidthBps(a.bandwidthBps()).setEdgeComputeShare(a.computeShare()).setFrameRateHz(stats.frameRateHz)
                .setValidFromMicros(nowMicros).setReason(reason).setSolver(solver.name())
                .setExpectedLatencyMs(Double.isFinite(a.latency().total()) ? a.latency().total() * 1000 : null)
                .setExpectedAccuracy(o.accuracy())
                .build();
    }

    private static SplitOption optionOf(Plan plan, List<SplitOption> options) {
        if (plan == null) {
            return null;
        }
        return options.stream().filter(o -> o.version().equals(plan.getVersion()) && o.partition() == plan.getPartition()
                && o.codec().equals(plan.getCodec())).findFirst().orElse(null);
    }

    private static DeviceContext context(DeviceStatistics stats) {
        TaskKind kind = TaskKind.byLabel(stats.taskKind);
        return new DeviceContext(stats.frameRateHz, stats.uplinkEstimateBps(), stats.rttEstimateMs() / 1000, stats.deadlineMs / 1000,
                kind.weights());
    }

    /** A device class's options at the calibrated edge speed; unknown classes plan as a Raspberry Pi 4. */
    private List<SplitOption> options(String deviceClass, double edgeSpeed) {
        double edgeFlops = settings.edgeFlops() * edgeSpeed;
        String name = deviceClass == null ? "" : deviceClass;
        if (optionsByClass.size() > 64) {
            optionsByClass.clear(); // the calibration drifts: forget old speeds
        }
        return optionsByClass.computeIfAbsent(name + "@" + edgeFlops, key -> {
            DeviceClass cls = DeviceClass.BUILT_IN.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
                    .orElse(DeviceClass.RPI4);
            return ZooSplitOptions.of(manifest, cls.flopsPerSecond(), edgeFlops, settings.codecs());
        });
    }
}
