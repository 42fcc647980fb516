package io.tandem.simulator;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.traces.BandwidthTrace;
import java.util.List;

/**
 * One emulated device: its class, task, frame rate and round trip, the real trace its uplink
 * follows (from {@code traceOffset} seconds into it), and the split options its class can run.
 */
public record SimulatedDevice(
        String id,
        DeviceClass deviceClass,
        TaskKind task,
        double frameRateHz,
        double rttSeconds,
        double deadlineSeconds,
        BandwidthTrace trace,
        double traceOffset,
        List<SplitOption> options) {

    /** Sampling step of {@link #harmonicCapacity}, seconds. */
    static final double HARMONIC_STEP = 0.05;

    /**
     * Capacity samples below this count as this in {@link #harmonicCapacity}, so an outage stays
     * finite, bit/s.
     */
    static final double FLOOR_BPS = 1e4;

    /** Mean uplink capacity over simulated [from, to), bit/s. */
    public double meanCapacity(double from, double to) {
        // Shifted by one whole period so that a window before the start still reads the (looping)
        // trace.
        double shift = traceOffset + trace.duration();
        return trace.meanBps(shift + from, shift + to);
    }

    /**
     * Harmonic mean of the uplink capacity over simulated [from, to), bit/s, sampled every {@value
     * #HARMONIC_STEP} s: a frame's transfer time is bits / C, so this is the capacity that predicts
     * it. Samples below {@value #FLOOR_BPS} count as that, so an outage stays finite.
     */
    public double harmonicCapacity(double from, double to) {
        double shift = traceOffset + trace.duration();
        int steps = Math.max(1, (int) Math.round((to - from) / HARMONIC_STEP));
        double inverse = 0;
        for (int i = 0; i < steps; i++) {
            inverse +=
                    1
                            / Math.max(
                                    FLOOR_BPS,
                                    trace.bpsAt(shift + from + (i + 0.5) * (to - from) / steps));
        }
        return steps / inverse;
    }

    /** What a planner knows of this device, given its estimate of the uplink. */
    public DeviceContext context(double uplinkEstimateBps) {
        // A link measured at ~0 still gets a floor, so the problem stays well-posed; the plan will
        // avoid it.
        return new DeviceContext(
                frameRateHz,
                Math.max(uplinkEstimateBps, 1e3),
                rttSeconds,
                deadlineSeconds,
                task.weights());
    }
}
