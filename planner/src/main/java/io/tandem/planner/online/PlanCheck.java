package io.tandem.planner.online;

import io.tandem.schema.Plan;
import java.util.Optional;

/**
 * Whether a plan can be followed: a device, a positive epoch, a finite positive frame rate and
 * bandwidth (0: unshaped), a compute share in [0, 1], finite predictions. The planner checks what
 * it emits and devices what they read, so a plan with {@code fps = Infinity} or {@code 0} is never
 * obeyed (a device would flood its link or sleep forever). Pure.
 */
public final class PlanCheck {

    static final double MAX_FRAME_RATE_HZ = TelemetryCheck.MAX_FRAME_RATE_HZ;
    static final double MAX_BANDWIDTH_BPS = TelemetryCheck.MAX_UPLINK_BPS;

    private PlanCheck() {}

    /** What is wrong with the plan, or empty when it may be followed. */
    public static Optional<String> problem(Plan p) {
        if (p.getDeviceId() == null || p.getDeviceId().isBlank()) {
            return Optional.of("no device");
        }
        if (p.getEpoch() < 1) {
            return Optional.of("epoch " + p.getEpoch() + " is not positive");
        }
        if (!(p.getFrameRateHz() > 0 && p.getFrameRateHz() <= MAX_FRAME_RATE_HZ)) {
            return Optional.of("frame rate " + p.getFrameRateHz() + " Hz is not within (0, 1000]");
        }
        if (!(p.getUplinkBandwidthBps() >= 0 && p.getUplinkBandwidthBps() <= MAX_BANDWIDTH_BPS)) {
            return Optional.of(
                    "uplink " + p.getUplinkBandwidthBps() + " bit/s is not within [0, 100e9]");
        }
        if (!(p.getEdgeComputeShare() >= 0 && p.getEdgeComputeShare() <= 1)) {
            return Optional.of(
                    "compute share " + p.getEdgeComputeShare() + " is not within [0, 1]");
        }
        if (p.getPartition() < 0) {
            return Optional.of("partition " + p.getPartition() + " is negative");
        }
        if (notFinite(p.getExpectedLatencyMs()) || notFinite(p.getExpectedAccuracy())) {
            return Optional.of("a prediction is not finite");
        }
        return Optional.empty();
    }

    private static boolean notFinite(Double value) {
        return value != null && !Double.isFinite(value);
    }
}
