package io.tandem.planner.online;

import io.tandem.planner.solve.Solver;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import io.tandem.schema.Telemetry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tandem's online planning policy for one cell, the one object the Flink planner operator and the
 * simulator both run: telemetry in, per-device statistics and estimates, the cell's problem, the
 * solver, hysteresis, dwell and admission control ({@link CellPlanner}), plans out. It keeps no
 * state of its own: everything it remembers is in the {@link PlannerState} its driver hands it, and
 * its driver decides when it runs (the operator on timers, the simulator at window ends).
 */
public final class OnlinePlanner {

    /** How much one edge-load report moves the edge-speed calibration. */
    static final double EDGE_SPEED_SMOOTHING = 0.3;

    private final CellPlanner cell;
    private final PlannerSettings settings;

    public OnlinePlanner(SplitOptionCatalog catalog, PlannerSettings settings) {
        this(new CellPlanner(catalog, settings), settings);
    }

    /**
     * With a solver of the caller's (a policy being trained) instead of the one the settings name.
     */
    public OnlinePlanner(SplitOptionCatalog catalog, PlannerSettings settings, Solver solver) {
        this(new CellPlanner(catalog, settings, solver), settings);
    }

    private OnlinePlanner(CellPlanner cell, PlannerSettings settings) {
        this.cell = cell;
        this.settings = settings;
    }

    public PlannerSettings settings() {
        return settings;
    }

    /**
     * Folds one telemetry window into the device's statistics (see {@link DeviceStatistics#update})
     * and takes them in; a window not newer than the newest seen changes nothing.
     */
    public Optional<PlanReason> observe(PlannerState state, Telemetry telemetry, long nowMillis) {
        DeviceStatistics stats = state.device(telemetry.getDeviceId());
        if (stats == null) {
            stats = DeviceStatistics.of(telemetry.getDeviceId());
        }
        double uplinkBefore = stats.uplinkEstimateBps();
        if (!stats.update(telemetry, settings.keepWindows(), nowMillis)) {
            return Optional.empty();
        }
        return observe(state, uplinkBefore, stats);
    }

    /**
     * Takes in a device's newest statistics; says whether they warrant a re-solve at once (a device
     * to plan for the first time, or a link that moved beyond the change trigger) and why.
     */
    public Optional<PlanReason> observe(PlannerState state, DeviceStatistics stats) {
        DeviceStatistics before = state.device(stats.deviceId);
        return observe(state, before == null ? 0 : before.uplinkEstimateBps(), stats);
    }

    private Optional<PlanReason> observe(
            PlannerState state, double uplinkBefore, DeviceStatistics stats) {
        state.putDevice(stats);
        if (!state.planned(stats.deviceId) && stats.plannable()) {
            return Optional.of(PlanReason.DEVICE_JOINED);
        }
        if (movedBeyondTrigger(uplinkBefore, stats.uplinkEstimateBps())) {
            return Optional.of(PlanReason.NETWORK_CHANGE);
        }
        return Optional.empty();
    }

    /**
     * Calibrates the edge's speed from one measured utilization of the tail (see {@link
     * EdgeSpeed}).
     */
    public void observeEdgeLoad(PlannerState state, double measuredUtilization) {
        double modelled = cell.modelledEdgeUtilization(active(state), state.plans());
        state.edgeSpeed(
                EdgeSpeed.next(
                        state.edgeSpeed(), modelled, measuredUtilization, EDGE_SPEED_SMOOTHING));
    }

    /**
     * Re-solves the cell at {@code nowMillis}: devices silent for longer than the silence bound
     * leave it first; the plans that changed are stored in {@code state} and returned, each a new
     * epoch, with a {@code PlanChange} each. Empty when no device is plannable.
     */
    public Optional<CellPlanner.Replan> replan(
            PlannerState state, PlanReason reason, long nowMillis) {
        return replan(state, reason, nowMillis, Long.MIN_VALUE);
    }

    /**
     * As {@link #replan(PlannerState, PlanReason, long)}, by a driver that has only listened to the
     * devices since {@code listeningSinceMillis} (a job restored from a checkpoint): a device's
     * silence counts from then, not from its last telemetry before the outage, whose successors are
     * still on their way. Counted from before, every device would leave the plan on the first
     * re-solve after a long restart and join again as new, its epoch taken from telemetry that may
     * not yet report the newest plan it was sent.
     */
    public Optional<CellPlanner.Replan> replan(
            PlannerState state, PlanReason reason, long nowMillis, long listeningSinceMillis) {
        forgetSilent(state, nowMillis, listeningSinceMillis);
        List<DeviceStatistics> active = active(state);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        var current = state.plans();
        CellPlanner.Replan replan =
                cell.replan(
                        active,
                        current,
                        state.splitSince(),
                        state.retiredEpochs(),
                        state.edgeSpeed(),
                        state.solverPrices(),
                        reason,
                        nowMillis * 1000);
        state.solverPrices(replan.solution().prices());
        for (Plan plan : replan.plans()) {
            if (CellPlanner.splitChanged(current.get(plan.getDeviceId()), plan)) {
                state.putSplitSince(plan.getDeviceId(), nowMillis * 1000);
            }
            state.putPlan(plan);
        }
        return Optional.of(replan);
    }

    private void forgetSilent(PlannerState state, long nowMillis, long listeningSinceMillis) {
        List<String> silent = new ArrayList<>();
        for (DeviceStatistics d : state.devices()) {
            if (nowMillis - Math.max(d.lastSeenMillis, listeningSinceMillis)
                    > settings.silentAfterMillis()) {
                silent.add(d.deviceId);
            }
        }
        silent.forEach(state::forget);
    }

    /** The devices with enough statistics to plan, in id order (a deterministic problem). */
    private static List<DeviceStatistics> active(PlannerState state) {
        List<DeviceStatistics> active = new ArrayList<>();
        for (DeviceStatistics d : state.devices()) {
            if (d.plannable()) {
                active.add(d);
            }
        }
        active.sort(Comparator.comparing(d -> d.deviceId));
        return active;
    }

    private boolean movedBeyondTrigger(double before, double after) {
        return before > 0
                && after > 0
                && Math.abs(after - before) / before > settings.changeTrigger();
    }
}
