package io.tandem.planner.cost;

/**
 * What the planner knows about one device at solve time (from its windowed telemetry).
 *
 * @param frameRateHz frames per second the device sends
 * @param uplinkCapacityBps the device's own measured uplink capacity, bits per second
 * @param rttSeconds network round trip (request up, result down)
 * @param deadlineSeconds end-to-end deadline of the task
 */
public record DeviceContext(
        double frameRateHz,
        double uplinkCapacityBps,
        double rttSeconds,
        double deadlineSeconds,
        TaskWeights weights) {

    public DeviceContext {
        if (!(frameRateHz > 0)
                || !(uplinkCapacityBps > 0)
                || !(rttSeconds >= 0)
                || !(deadlineSeconds > 0)) {
            throw new IllegalArgumentException(
                    "invalid device context: rate "
                            + frameRateHz
                            + " Hz, uplink "
                            + uplinkCapacityBps
                            + " b/s, RTT "
                            + rttSeconds
                            + " s, deadline "
                            + deadlineSeconds
                            + " s");
        }
    }
}
