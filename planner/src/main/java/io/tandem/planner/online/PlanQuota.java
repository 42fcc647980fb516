package io.tandem.planner.online;

import io.tandem.schema.Plan;

/**
 * What the broker lets a device produce under its plan, in bytes per second: the uplink the plan
 * gives it with headroom for record framing, telemetry and the shaper's bursts, and never less than
 * a floor, so a device on a tiny share is slowed, not silenced. A device that ignores its plan is
 * throttled by the broker at this rate.
 */
public final class PlanQuota {

    /** Headroom over the plan's uplink: framing, telemetry and the shaper's bursts fit in it. */
    static final double HEADROOM = 1.5;

    /** The least any device may produce, bytes/s: its telemetry and a frame now and then. */
    static final double FLOOR_BYTES_PER_SECOND = 16 * 1024;

    private PlanQuota() {}

    public static double producerBytesPerSecond(Plan plan) {
        return Math.max(FLOOR_BYTES_PER_SECOND, plan.getUplinkBandwidthBps() / 8 * HEADROOM);
    }
}
