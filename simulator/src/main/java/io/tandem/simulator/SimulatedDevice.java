package io.tandem.simulator;

import java.util.List;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.traces.BandwidthTrace;

/**
 * One emulated device: its class, task, frame rate and round trip, the real trace its uplink
 * follows (from {@code traceOffset} seconds into it), and the split options its class can run.
 */
public record SimulatedDevice(String id, DeviceClass deviceClass, TaskKind task, double frameRateHz, double rttSeconds,
                              double deadlineSeconds, BandwidthTrace trace, double traceOffset, List<SplitOption> options) {

    /** Mean uplink capacity over simulated [from, to), bit/s. */
    public double meanCapacity(double from, double to) {
        // Shifted by one whole period so that a window before the start still reads the (looping) trace.
        double shift = traceOffset + trace.duration();
        return trace.meanBps(shift + from, shift + to);
    }

    /** What a planner knows of this device, given its estimate of the uplink. */
    public DeviceContext context(double uplinkEstimateBps) {
        // A link measured at ~0 still gets a floor, so the problem stays well-posed; the plan will avoid it.
        return new DeviceContext(frameRateHz, Math.max(uplinkEstimateBps, 1e3), rttSeconds, deadlineSeconds, task.weights());
    }
}
