package io.tandem.planner.online;

import java.io.Serializable;
import java.util.List;

/**
 * How the online policy plans one edge cell.
 *
 * @param solver          solver name ({@code tandem} or a baseline, see {@code Solvers.NAMES})
 * @param fixedVersion    the version the {@code fixed-version} baseline uses
 * @param ingressBps      the cell's total uplink ingress, shared by its devices (bit/s)
 * @param edgeFlops       the edge's tail throughput before calibration (FLOP/s over all tail slots)
 * @param codecs          codecs offered to devices (manifest names; bottleneck variants come as {@code bn-<codec>})
 * @param intervalMillis  re-solve period
 * @param hysteresis      a re-solve that changes devices' split options must beat keeping them by this relative margin
 * @param shareHysteresis a device gets a new plan for a bandwidth or compute change only beyond this relative change
 * @param changeTrigger   a device whose uplink estimate moves by this relative amount triggers a re-solve at once
 * @param silentAfterMillis devices without telemetry for this long leave the problem
 * @param keepWindows     telemetry windows kept per device for its statistics
 * @param minDwellMillis  a device keeps a new split at least this long, unless it stops meeting its deadline
 * @param dynamics        which of the policy's answers to fluctuation and backlog are on
 */
public record PlannerSettings(String solver, String fixedVersion, double ingressBps, double edgeFlops, List<String> codecs,
                              long intervalMillis, double hysteresis, double shareHysteresis, double changeTrigger,
                              long silentAfterMillis, int keepWindows, long minDwellMillis, Dynamics dynamics) implements Serializable {

    /**
     * The policy's answers to a link that fluctuates and to queues that outlive a window, each
     * switchable so that an ablation can show what it buys (docs/planner.md).
     *
     * @param robustUplink plan on the lower of the newest window and the harmonic mean of the kept ones, not on their mean
     * @param backlog      plan each device at its rate plus what it must drain of the frames it reports queued
     * @param admission    lower the frame rate a plan admits for devices that would miss their deadline at the full rate
     */
    public record Dynamics(boolean robustUplink, boolean backlog, boolean admission) implements Serializable {

        /**
         * The job's default: robust uplink and admission on; backlog planning off, since on the
         * shared traces it made plans chase transient queues (more switches, more shedding) and
         * cost 10-17% in objective (docs/planner.md, ablation).
         */
        public static final Dynamics DEFAULT = new Dynamics(true, false, true);
        public static final Dynamics NONE = new Dynamics(false, false, false);
    }

    public PlannerSettings {
        codecs = List.copyOf(codecs);
        if (!(ingressBps > 0) || !(edgeFlops > 0) || intervalMillis <= 0 || keepWindows < 1 || hysteresis < 0
                || shareHysteresis < 0 || silentAfterMillis <= 0 || minDwellMillis < 0 || dynamics == null) {
            throw new IllegalArgumentException("invalid planner settings: " + this);
        }
    }

    /** 20 Mbit/s of ingress, a 50 GFLOP/s edge, int8/int4/float32 and their bottlenecks, a re-solve a second, splits kept 3 s. */
    public static PlannerSettings defaults() {
        return new PlannerSettings("tandem", "w50", 20e6, 50e9, List.of("float32", "int8", "int4"), 1000, 0.01, 0.25, 0.3,
                10_000, 5, 3_000, Dynamics.DEFAULT);
    }

    public PlannerSettings withSolver(String name) {
        return new PlannerSettings(name, fixedVersion, ingressBps, edgeFlops, codecs, intervalMillis, hysteresis, shareHysteresis,
                changeTrigger, silentAfterMillis, keepWindows, minDwellMillis, dynamics);
    }

    public PlannerSettings withCell(double ingressBps, double edgeFlops, List<String> codecs, String fixedVersion) {
        return new PlannerSettings(solver, fixedVersion, ingressBps, edgeFlops, codecs, intervalMillis, hysteresis, shareHysteresis,
                changeTrigger, silentAfterMillis, keepWindows, minDwellMillis, dynamics);
    }

    public PlannerSettings withInterval(long intervalMillis) {
        return new PlannerSettings(solver, fixedVersion, ingressBps, edgeFlops, codecs, intervalMillis, hysteresis, shareHysteresis,
                changeTrigger, silentAfterMillis, keepWindows, minDwellMillis, dynamics);
    }

    public PlannerSettings withStability(double hysteresis, long minDwellMillis) {
        return new PlannerSettings(solver, fixedVersion, ingressBps, edgeFlops, codecs, intervalMillis, hysteresis, shareHysteresis,
                changeTrigger, silentAfterMillis, keepWindows, minDwellMillis, dynamics);
    }

    public PlannerSettings withDynamics(Dynamics dynamics) {
        return new PlannerSettings(solver, fixedVersion, ingressBps, edgeFlops, codecs, intervalMillis, hysteresis, shareHysteresis,
                changeTrigger, silentAfterMillis, keepWindows, minDwellMillis, dynamics);
    }

    /** A baseline as its authors run it: the same estimates, none of Tandem's stability or dynamics rules. */
    public PlannerSettings asBaseline(String name) {
        return withSolver(name).withStability(0, 0).withDynamics(Dynamics.NONE);
    }
}
