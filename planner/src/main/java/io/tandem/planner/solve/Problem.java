package io.tandem.planner.solve;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import java.util.List;

/**
 * One edge cell to plan: its devices, each with its context and its discrete split options, and the
 * cell's shared resources: total ingress bandwidth and edge compute (shares summing to 1).
 */
public record Problem(List<Device> devices, double ingressBps) {

    /** Compute shares of a cell sum to at most this: the one edge. */
    public static final double COMPUTE_CAPACITY = 1.0;

    public record Device(String id, DeviceContext context, List<SplitOption> options) {
        public Device {
            if (options.isEmpty()) {
                throw new IllegalArgumentException("device " + id + " has no split options");
            }
        }
    }

    public Problem {
        if (!(ingressBps > 0)) {
            throw new IllegalArgumentException("ingress bandwidth must be positive");
        }
        devices = List.copyOf(devices);
    }
}
