package io.tandem.simulator;

import io.tandem.planner.fleet.DeviceClass;
import java.util.List;

/**
 * One simulation run.
 *
 * @param devices devices in the cell
 * @param durationSeconds simulated time
 * @param windowSeconds planning window: planners re-solve at every window boundary
 * @param seed seeds the fleet, trace offsets and frame arrivals: equal seeds, equal reports
 * @param planners planner names ({@link Planners#names()})
 * @param fixedVersion the version the {@code fixed-version} baseline uses
 * @param ingressBps the cell's total uplink capacity into the edge
 * @param edgeFlops effective speed of the whole edge on tail slices
 * @param accuracyShare fraction of devices with accuracy-sensitive tasks (the rest are
 *     latency-sensitive)
 * @param deviceClasses device classes, assigned in turn
 * @param codecs codecs offered (manifest names; bottleneck variants come as {@code bn-<codec>})
 * @param frameRates frame rates the devices draw from, Hz
 * @param deadlineScale factor on the task kinds' default deadlines (200 ms, 60 ms)
 */
public record SimulationConfig(
        int devices,
        double durationSeconds,
        double windowSeconds,
        long seed,
        List<String> planners,
        String fixedVersion,
        double ingressBps,
        double edgeFlops,
        double accuracyShare,
        List<DeviceClass> deviceClasses,
        List<String> codecs,
        List<Double> frameRates,
        double deadlineScale) {

    public SimulationConfig {
        if (devices < 1) {
            throw new IllegalArgumentException("need at least one device");
        }
        if (!(durationSeconds > 0) || !(windowSeconds > 0) || windowSeconds > durationSeconds) {
            throw new IllegalArgumentException("need 0 < window <= duration");
        }
        if (!(ingressBps > 0) || !(edgeFlops > 0)) {
            throw new IllegalArgumentException("ingress bandwidth and edge speed must be positive");
        }
        if (!(accuracyShare >= 0 && accuracyShare <= 1)) {
            throw new IllegalArgumentException("the accuracy share must lie in [0, 1]");
        }
        if (planners.isEmpty() || deviceClasses.isEmpty()) {
            throw new IllegalArgumentException("need at least one planner and one device class");
        }
        if (frameRates.isEmpty()
                || frameRates.stream().anyMatch(r -> !(r > 0))
                || !(deadlineScale > 0)) {
            throw new IllegalArgumentException(
                    "frame rates and the deadline scale must be positive");
        }
        frameRates = List.copyOf(frameRates);
        planners = List.copyOf(planners);
        deviceClasses = List.copyOf(deviceClasses);
        codecs = List.copyOf(codecs);
    }

    /**
     * Defaults for {@code devices} devices: the cell sized per device ({@link
     * CellSizing#perDevice}).
     */
    public static SimulationConfig defaults(
            int devices, double durationSeconds, long seed, List<String> planners) {
        CellSizing cell = CellSizing.perDevice(devices);
        return new SimulationConfig(
                devices,
                durationSeconds,
                1.0,
                seed,
                planners,
                "w50",
                cell.ingressBps(),
                cell.edgeFlops(),
                0.5,
                DeviceClass.BUILT_IN,
                List.of("float32", "int8", "int4"),
                List.of(10.0, 15.0, 20.0),
                1.0);
    }

    public int windows() {
        return (int) Math.ceil(durationSeconds / windowSeconds - 1e-9);
    }
}
