package io.tandem.jobs.planning;

import java.io.Serializable;
import java.util.List;

/**
 * How the planner operator plans one edge cell.
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
 */
public record PlannerSettings(String solver, String fixedVersion, double ingressBps, double edgeFlops, List<String> codecs,
                              long intervalMillis, double hysteresis, double shareHysteresis, double changeTrigger,
                              long silentAfterMillis, int keepWindows, long minDwellMillis) implements Serializable {

    public PlannerSettings {
        codecs = List.copyOf(codecs);
        if (!(ingressBps > 0) || !(edgeFlops > 0) || intervalMillis <= 0 || keepWindows < 1 || hysteresis < 0
                || shareHysteresis < 0 || silentAfterMillis <= 0 || minDwellMillis < 0) {
            throw new IllegalArgumentException("invalid planner settings: " + this);
        }
    }

    /** 20 Mbit/s of ingress, a 50 GFLOP/s edge, int8/int4/float32 and their bottlenecks, a re-solve a second, splits kept 3 s. */
    public static PlannerSettings defaults() {
        return new PlannerSettings("tandem", "w50", 20e6, 50e9, List.of("float32", "int8", "int4"), 1000, 0.03, 0.25, 0.3,
                10_000, 5, 3_000);
    }
}
