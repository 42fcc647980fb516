package io.tandem.planner.online;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.Latency;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.planner.solve.Assignment;
import io.tandem.planner.solve.Prices;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.Solver;
import io.tandem.planner.solve.Solvers;
import io.tandem.planner.solve.WarmStart;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.PlanReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans one edge cell from its devices' statistics, with hysteresis: the cell is solved twice, once
 * free and once with every planned device held to its current split option (its bandwidth and
 * compute still re-divided); a device takes its split of the free solution only when that beats
 * keeping its own by the hysteresis margin (its cost, resources priced), so plans do not flap on
 * noise. A device then gets a new plan (the next epoch) only when its option or admitted frame rate
 * changed, its shares moved beyond the share hysteresis, or its share must shrink for the plans in
 * force to fit the cell's uplink and edge.
 *
 * <p>With {@link PlannerSettings.Dynamics} on, each device is planned on a conservative uplink
 * estimate and at its rate plus the rate that drains its reported backlog within its deadline (at
 * most doubling it), and devices whose plan would still answer beyond {@value
 * #SHED_BEYOND_DEADLINES} deadlines (frames that would be dropped anyway) have their admitted frame
 * rate halved (at most {@value #ADMISSION_ROUNDS} times, never below {@value #MIN_ADMITTED} of what
 * they offer) before the cell is solved again: the frames a cell cannot serve are shed at the
 * source, not queued. Pure: whoever drives it owns state and time.
 */
public final class CellPlanner {

    /**
     * Rounds of admission control per re-solve; each halves the rate of the devices still missing
     * their deadline.
     */
    static final int ADMISSION_ROUNDS = 3;

    /** Each round admits this share of the rate before it. */
    static final double ADMISSION_STEP = 0.5;

    /** No device is admitted below this share of its offered rate. */
    static final double MIN_ADMITTED = 0.125;

    /**
     * A plan expected to answer later than this many deadlines answers nothing in time: its frames
     * would wait past the devices' drop horizon, so they are better shed at the source, where they
     * cost no uplink or edge time that other frames need.
     */
    static final double SHED_BEYOND_DEADLINES = 2.0;

    /**
     * A device is admitted at most this share of the highest rate any of its options could sustain
     * with the whole edge and its link's mean capacity.
     */
    static final double STABLE_HEADROOM = 0.8;

    /**
     * A plan that moves devices onto versions they would have to download must beat the best plan
     * on the versions they hold by this share of the objective: the move costs a download, during
     * which the device runs its old plan, and a version fetched for a 1% gain is rarely worth it.
     */
    static final double DOWNLOAD_MARGIN = 0.05;

    /** Backlog planning drains at most this multiple of the device's own rate on top of it. */
    static final double MAX_DRAIN_RATE = 1.0;

    /** Rounding the plans in force may exceed the cell by: far below any share that matters. */
    static final double FIT_TOLERANCE = 1e-9;

    /** What one re-solve decided. */
    public record Replan(
            Solution solution, boolean heldOptions, List<Plan> plans, List<PlanChange> changes) {}

    private record Decision(Solution solution, boolean held) {}

    private final SplitOptionCatalog catalog;
    private final PlannerSettings settings;
    private final Solver solver;
    private final Map<String, List<SplitOption>> optionsByClass = new HashMap<>();

    public CellPlanner(SplitOptionCatalog catalog, PlannerSettings settings) {
        this(catalog, settings, Solvers.online(settings.solver(), settings.fixedVersion()));
    }

    /** With a solver of the caller's instead of the one the settings name. */
    public CellPlanner(SplitOptionCatalog catalog, PlannerSettings settings, Solver solver) {
        this.catalog = catalog;
        this.settings = settings;
        this.solver = solver;
    }

    /**
     * Re-solves the cell.
     *
     * @param devices the devices to plan (plannable, not silent), in a deterministic order
     * @param current the plans in force, by device id (missing for devices never planned)
     * @param splitSince when each device's current split was first planned (epoch microseconds)
     * @param edgeSpeed calibration of the edge's speed: measured over modelled (1 = as configured)
     * @param lastPrices where the last re-solve's price searches ended ({@link Solution#prices()}):
     *     this one's start, with the plans in force' options ({@link Prices#NONE}: from scratch)
     */
    public Replan replan(
            Collection<DeviceStatistics> devices,
            Map<String, Plan> current,
            Map<String, Long> splitSince,
            double edgeSpeed,
            Prices lastPrices,
            PlanReason reason,
            long nowMicros) {
        return replan(
                devices, current, splitSince, Map.of(), edgeSpeed, lastPrices, reason, nowMicros);
    }

    /**
     * As {@link #replan(Collection, Map, Map, double, Prices, PlanReason, long)}, for a cell whose
     * devices may have left it and come back.
     *
     * @param retiredEpochs the newest epoch issued to each device that left the plan: one that
     *     joins again is planned above it
     */
    public Replan replan(
            Collection<DeviceStatistics> devices,
            Map<String, Plan> current,
            Map<String, Long> splitSince,
            Map<String, Long> retiredEpochs,
            double edgeSpeed,
            Prices lastPrices,
            PlanReason reason,
            long nowMicros) {
        Map<String, Double> admitted = new HashMap<>();
        for (DeviceStatistics d : devices) {
            // No option can keep up at the offered rate even with the whole link and edge: admit
            // what one can, up front.
            double sustainable =
                    settings.dynamics().admission()
                            ? STABLE_HEADROOM * sustainableRate(d, edgeSpeed)
                            : Double.POSITIVE_INFINITY;
            admitted.put(d.deviceId, Math.min(d.frameRateHz, sustainable));
        }
        Decision decision =
                decide(devices, current, splitSince, edgeSpeed, admitted, lastPrices, nowMicros);
        for (int round = 0; settings.dynamics().admission() && round < ADMISSION_ROUNDS; round++) {
            boolean lowered = false;
            Map<String, DeviceStatistics> byId = byId(devices);
            for (Assignment a : decision.solution().assignments()) {
                DeviceStatistics stats = byId.get(a.deviceId());
                double floor = MIN_ADMITTED * stats.frameRateHz;
                double rate = admitted.get(a.deviceId());
                // Judged at the admitted rate alone: the backlog's drain is transient and sheds
                // nothing.
                Latency steady =
                        CostModel.latency(
                                a.option(),
                                context(stats, rate, false),
                                a.bandwidthBps(),
                                a.computeShare());
                boolean misses =
                        !steady.stable()
                                || steady.total() > SHED_BEYOND_DEADLINES * stats.deadlineMs / 1000;
                if (misses && rate > floor * (1 + 1e-9)) {
                    admitted.put(a.deviceId(), Math.max(floor, rate * ADMISSION_STEP));
                    lowered = true;
                }
            }
            if (!lowered) {
                break;
            }
            decision =
                    decide(
                            devices,
                            current,
                            splitSince,
                            edgeSpeed,
                            admitted,
                            decision.solution().prices(),
                            nowMicros);
        }
        return plans(decision, byId(devices), current, retiredEpochs, admitted, reason, nowMicros);
    }

    private Decision decide(
            Collection<DeviceStatistics> devices,
            Map<String, Plan> current,
            Map<String, Long> splitSince,
            double edgeSpeed,
            Map<String, Double> admitted,
            Prices startPrices,
            long nowMicros) {
        List<Problem.Device> free = new ArrayList<>(devices.size());
        List<Problem.Device> held = new ArrayList<>(devices.size());
        Map<String, SplitOption> inForceOptions = new HashMap<>();
        boolean anyHeld = false;
        for (DeviceStatistics stats : devices) {
            List<SplitOption> options = options(stats.deviceClass, edgeSpeed);
            DeviceContext context = context(stats, admitted.get(stats.deviceId));
            Plan plan = current.get(stats.deviceId);
            SplitOption inForce = optionOf(plan, options);
            anyHeld |= inForce != null;
            if (inForce != null) {
                inForceOptions.put(stats.deviceId, inForce);
            }
            // A split younger than the dwell time stays, unless it no longer meets the deadline: no
            // flapping on a noisy link.
            boolean dwelling =
                    inForce != null
                            && nowMicros
                                            - splitSince.getOrDefault(
                                                    stats.deviceId, Long.MIN_VALUE / 2)
                                    < settings.minDwellMillis() * 1000
                            && meetsDeadline(inForce, context, plan);
            free.add(
                    new Problem.Device(
                            stats.deviceId, context, dwelling ? List.of(inForce) : options));
            held.add(
                    new Problem.Device(
                            stats.deviceId, context, inForce == null ? options : List.of(inForce)));
        }
        // Every solve starts from the last one's prices and the options in force: most devices
        // keep their option from one re-solve to the next.
        WarmStart start = new WarmStart(startPrices, inForceOptions);
        Solution solution =
                preferHeldVersions(
                        solver.solve(new Problem(free, settings.ingressBps()), start),
                        free,
                        byId(devices));
        if (anyHeld && settings.hysteresis() > 0 && keepsEverySplit(solution, current)) {
            return new Decision(
                    solution, true); // the held problem would be this one: no second solve
        }
        if (anyHeld && settings.hysteresis() > 0) {
            Solution holding = solver.solve(new Problem(held, settings.ingressBps()), start);
            if (Double.isFinite(holding.objective())) {
                return switchingWhereItPays(solution, holding, held, start);
            }
        }
        return new Decision(solution, false);
    }

    /**
     * Hysteresis judged device by device: a device takes the free solution's new split only when
     * that lowers its own cost, with the resources it uses priced at the free solution's prices, by
     * the hysteresis margin; the others keep theirs, and the shares are divided again for the mix.
     * Judged on the whole cell's objective instead, one device's gain in a cell of a hundred is a
     * hundredth of the cell's: no single move passed a cell-wide margin, only many at once.
     */
    private Decision switchingWhereItPays(
            Solution free, Solution holding, List<Problem.Device> held, WarmStart start) {
        Prices.Point prices = free.prices().shares();
        List<Problem.Device> mixed = new ArrayList<>(held.size());
        boolean anySwitch = false;
        for (int i = 0; i < held.size(); i++) {
            Assignment moved = free.assignments().get(i);
            Assignment kept = holding.assignments().get(i);
            boolean switches =
                    !moved.option().equals(kept.option())
                            && pricedCost(kept, prices) - pricedCost(moved, prices)
                                    > settings.hysteresis() * Math.abs(kept.cost());
            anySwitch |= switches;
            Problem.Device device = held.get(i);
            mixed.add(
                    switches
                            ? new Problem.Device(
                                    device.id(), device.context(), List.of(moved.option()))
                            : device);
        }
        if (!anySwitch) {
            return new Decision(holding, true);
        }
        Solution mix = solver.solve(new Problem(mixed, settings.ingressBps()), start);
        return Double.isFinite(mix.objective())
                ? new Decision(mix, false)
                : new Decision(free, false);
    }

    /** A device's cost plus what its shares are worth at the prices. */
    private static double pricedCost(Assignment a, Prices.Point prices) {
        return a.cost()
                + prices.bandwidth() * a.bandwidthBps()
                + prices.compute() * a.computeShare();
    }

    /**
     * The solution, unless it moves a device onto a version it does not hold and the best plan on
     * the versions each device holds is within {@link #DOWNLOAD_MARGIN} of it: then that one.
     */
    private Solution preferHeldVersions(
            Solution solution, List<Problem.Device> free, Map<String, DeviceStatistics> byId) {
        boolean downloads =
                solution.assignments().stream()
                        .anyMatch(a -> !byId.get(a.deviceId()).holds(a.option().version()));
        if (!downloads) {
            return solution;
        }
        List<Problem.Device> onHeld = new ArrayList<>(free.size());
        for (Problem.Device d : free) {
            DeviceStatistics stats = byId.get(d.id());
            List<SplitOption> held =
                    d.options().stream().filter(o -> stats.holds(o.version())).toList();
            onHeld.add(
                    new Problem.Device(d.id(), d.context(), held.isEmpty() ? d.options() : held));
        }
        Solution staying =
                solver.solve(new Problem(onHeld, settings.ingressBps()), WarmStart.after(solution));
        return Double.isFinite(staying.objective())
                        && solution.objective() >= staying.objective() * (1 - DOWNLOAD_MARGIN)
                ? staying
                : solution;
    }

    /**
     * True when the solution keeps every planned device on the split it has (devices never planned
     * aside).
     */
    private static boolean keepsEverySplit(Solution solution, Map<String, Plan> current) {
        for (Assignment a : solution.assignments()) {
            Plan plan = current.get(a.deviceId());
            if (plan == null
                    || !a.option().version().equals(plan.getVersion())
                    || a.option().partition() != plan.getPartition()
                    || !a.option().codec().equals(plan.getCodec())) {
                return false;
            }
        }
        return true;
    }

    private Replan plans(
            Decision decision,
            Map<String, DeviceStatistics> byId,
            Map<String, Plan> current,
            Map<String, Long> retiredEpochs,
            Map<String, Double> admitted,
            PlanReason reason,
            long nowMicros) {
        Solution solution = decision.solution();
        List<Assignment> sent = new ArrayList<>();
        List<Assignment> kept = new ArrayList<>();
        for (Assignment a : solution.assignments()) {
            Plan before = current.get(a.deviceId());
            if (before != null
                    && !changed(before, a, admitted.get(a.deviceId()))
                    && !overtaken(before, byId.get(a.deviceId()))) {
                kept.add(a);
            } else {
                sent.add(a);
            }
        }
        sent.addAll(shrinksToFit(sent, kept, current));
        List<Plan> plans = new ArrayList<>();
        List<PlanChange> changes = new ArrayList<>();
        for (Assignment a : sent) {
            Plan before = current.get(a.deviceId());
            double rate = admitted.get(a.deviceId());
            long issuedBefore =
                    before != null
                            ? before.getEpoch()
                            : retiredEpochs.getOrDefault(a.deviceId(), 0L);
            Plan plan =
                    plan(
                            a,
                            byId.get(a.deviceId()),
                            rate,
                            issuedBefore,
                            before == null ? PlanReason.DEVICE_JOINED : reason,
                            nowMicros);
            if (PlanCheck.problem(plan).isPresent()) {
                // Never publish what no device may follow; the device keeps its current plan.
                continue;
            }
            plans.add(plan);
            changes.add(
                    PlanChange.newBuilder()
                            .setPlan(plan)
                            .setPreviousEpoch(before == null ? null : before.getEpoch())
                            .setObjective(solution.objective())
                            .setGapBound(Double.isNaN(solution.gap()) ? null : solution.gap())
                            .setSolveMicros(solution.solveNanos() / 1000)
                            .build());
        }
        return new Replan(solution, decision.held(), plans, changes);
    }

    /**
     * The kept plans that must be sent anyway so that the plans in force fit the cell: a share kept
     * within the share hysteresis may be larger than its new one while others grow to theirs, which
     * would give out more uplink or edge than the cell has. Sends the shrinking ones, the largest
     * excess first, until the sum of what is in force fits (sending all of them always does: the
     * solution itself fits).
     */
    private List<Assignment> shrinksToFit(
            List<Assignment> sent, List<Assignment> kept, Map<String, Plan> current) {
        double ingress = settings.ingressBps();
        double bandwidth = 0;
        double compute = 0;
        for (Assignment a : sent) {
            bandwidth += a.bandwidthBps();
            compute += a.computeShare();
        }
        List<Assignment> shrinking = new ArrayList<>();
        for (Assignment a : kept) {
            Plan before = current.get(a.deviceId());
            bandwidth += before.getUplinkBandwidthBps();
            compute += before.getEdgeComputeShare();
            if (before.getUplinkBandwidthBps() > a.bandwidthBps()
                    || before.getEdgeComputeShare() > a.computeShare()) {
                shrinking.add(a);
            }
        }
        shrinking.sort(
                Comparator.comparingDouble(
                                (Assignment a) -> excess(current.get(a.deviceId()), a, ingress))
                        .reversed());
        List<Assignment> send = new ArrayList<>();
        for (Assignment a : shrinking) {
            if (bandwidth <= ingress * (1 + FIT_TOLERANCE)
                    && compute <= Problem.COMPUTE_CAPACITY * (1 + FIT_TOLERANCE)) {
                break;
            }
            Plan before = current.get(a.deviceId());
            bandwidth += a.bandwidthBps() - before.getUplinkBandwidthBps();
            compute += a.computeShare() - before.getEdgeComputeShare();
            send.add(a);
        }
        return send;
    }

    /** What a kept plan gives out beyond its new shares, as shares of the cell. */
    private static double excess(Plan before, Assignment a, double ingressBps) {
        return Math.max(0, before.getUplinkBandwidthBps() - a.bandwidthBps()) / ingressBps
                + Math.max(0, before.getEdgeComputeShare() - a.computeShare());
    }

    /** Edge utilization the cell's plans should cause at the configured edge speed. */
    public double modelledEdgeUtilization(
            Collection<DeviceStatistics> devices, Map<String, Plan> current) {
        double busy = 0;
        for (DeviceStatistics stats : devices) {
            Plan plan = current.get(stats.deviceId);
            SplitOption option = optionOf(plan, options(stats.deviceClass, 1.0));
            if (option != null) {
                busy += plan.getFrameRateHz() * option.tailEdgeSeconds();
            }
        }
        return busy;
    }

    private static boolean meetsDeadline(SplitOption option, DeviceContext context, Plan plan) {
        Latency latency =
                CostModel.latency(
                        option,
                        context,
                        plan.getUplinkBandwidthBps() > 0
                                ? plan.getUplinkBandwidthBps()
                                : context.uplinkCapacityBps(),
                        Math.max(plan.getEdgeComputeShare(), 1e-9));
        return latency.stable() && latency.total() <= context.deadlineSeconds();
    }

    /** True when the plan's version, partition or codec differ from the assignment's. */
    public static boolean splitChanged(Plan before, Plan after) {
        return before == null
                || !before.getVersion().equals(after.getVersion())
                || before.getPartition() != after.getPartition()
                || !before.getCodec().equals(after.getCodec());
    }

    /**
     * Whether the device follows a plan newer than any this planner issued: forged, or published
     * before this planner's state was restored. Its plan is then issued again, above that epoch, so
     * that "the newest plan wins" gives the device back to the planner within one window.
     */
    private static boolean overtaken(Plan before, DeviceStatistics stats) {
        return stats != null && stats.planEpoch > before.getEpoch();
    }

    private boolean changed(Plan before, Assignment a, double admittedRate) {
        SplitOption o = a.option();
        if (!o.version().equals(before.getVersion())
                || o.partition() != before.getPartition()
                || !o.codec().equals(before.getCodec())) {
            return true;
        }
        return relativeChange(before.getFrameRateHz(), admittedRate) > 1e-9
                || relativeChange(before.getUplinkBandwidthBps(), a.bandwidthBps())
                        > settings.shareHysteresis()
                || relativeChange(before.getEdgeComputeShare(), a.computeShare())
                        > settings.shareHysteresis();
    }

    private static double relativeChange(double before, double after) {
        double scale = Math.max(Math.abs(before), Math.abs(after));
        return scale < 1e-9 ? 0 : Math.abs(after - before) / scale;
    }

    private Plan plan(
            Assignment a,
            DeviceStatistics stats,
            double admittedRate,
            long issuedBefore,
            PlanReason reason,
            long nowMicros) {
        SplitOption o = a.option();
        return Plan.newBuilder()
                .setDeviceId(a.deviceId())
                .setEpoch(Math.max(issuedBefore, stats.planEpoch) + 1)
                .setModelId(catalog.modelId())
                .setVersion(o.version())
                .setPartition(o.partition())
                .setCodec(o.codec())
                .setUplinkBandwidthBps(a.bandwidthBps())
                .setEdgeComputeShare(a.computeShare())
                .setFrameRateHz(admittedRate)
                .setValidFromMicros(nowMicros)
                .setReason(reason)
                .setSolver(solver.name())
                .setExpectedLatencyMs(
                        Double.isFinite(a.latency().total()) ? a.latency().total() * 1000 : null)
                .setExpectedAccuracy(o.accuracy())
                .build();
    }

    private static SplitOption optionOf(Plan plan, List<SplitOption> options) {
        if (plan == null) {
            return null;
        }
        return options.stream()
                .filter(
                        o ->
                                o.version().equals(plan.getVersion())
                                        && o.partition() == plan.getPartition()
                                        && o.codec().equals(plan.getCodec()))
                .findFirst()
                .orElse(null);
    }

    /**
     * The device as the solver sees it: its admitted rate, plus (with backlog planning) the rate
     * that drains the frames it reports queued within its deadline, on the conservative uplink
     * estimate (or the plain mean without robust planning).
     */
    private DeviceContext context(DeviceStatistics stats, double admittedRate) {
        return context(stats, admittedRate, settings.dynamics().backlog());
    }

    private DeviceContext context(
            DeviceStatistics stats, double admittedRate, boolean drainBacklog) {
        TaskKind kind = TaskKind.byLabel(stats.taskKind);
        double deadline = stats.deadlineMs / 1000;
        double drain =
                drainBacklog
                        ? Math.min(
                                MAX_DRAIN_RATE * admittedRate,
                                BacklogDrain.rateHz(
                                        stats.queuedFrames,
                                        deadline,
                                        settings.intervalMillis() / 1000.0))
                        : 0;
        double rate = admittedRate + drain;
        double uplink =
                settings.dynamics().robustUplink()
                        ? stats.uplinkEstimateBps()
                        : stats.meanUplinkBps();
        return new DeviceContext(
                rate, uplink, stats.rttEstimateSeconds(), deadline, kind.weights());
    }

    /**
     * The highest frame rate any of the device's options sustains with the whole edge and the link
     * it has had on average over the kept windows. On average, not on the conservative estimate: a
     * collapsed link passes within a window or two, the device drops what it cannot send frame by
     * frame, and shedding at random on an estimate that lags the link cost answers the link would
     * have carried (on the multipath traces, 1.8% of the zoo cell's frames). Contention for the
     * cell's ingress is the admission rounds' to judge.
     */
    private double sustainableRate(DeviceStatistics stats, double edgeSpeed) {
        double uplink = stats.meanUplinkBps();
        double best = 0;
        for (SplitOption o : options(stats.deviceClass, edgeSpeed)) {
            double bottleneck =
                    Math.max(
                            o.headSeconds(),
                            Math.max(8 * o.bytesPerFrame() / uplink, o.tailEdgeSeconds()));
            best = Math.max(best, bottleneck > 0 ? 1 / bottleneck : Double.POSITIVE_INFINITY);
        }
        return best;
    }

    private static Map<String, DeviceStatistics> byId(Collection<DeviceStatistics> devices) {
        Map<String, DeviceStatistics> byId = new HashMap<>();
        devices.forEach(d -> byId.put(d.deviceId, d));
        return byId;
    }

    /**
     * A device class's options at the calibrated edge speed; unknown classes plan as a Raspberry Pi
     * 4.
     */
    private List<SplitOption> options(String deviceClass, double edgeSpeed) {
        double edgeFlops = settings.edgeFlops() * edgeSpeed;
        String name = deviceClass == null ? "" : deviceClass;
        if (optionsByClass.size() > 64) {
            optionsByClass.clear(); // the calibration drifts: forget old speeds
        }
        return optionsByClass.computeIfAbsent(
                name + "@" + edgeFlops,
                key -> {
                    DeviceClass cls =
                            DeviceClass.BUILT_IN.stream()
                                    .filter(c -> c.name().equalsIgnoreCase(name))
                                    .findFirst()
                                    .orElse(DeviceClass.RPI4);
                    return catalog.forClass(cls, edgeFlops);
                });
    }
}
