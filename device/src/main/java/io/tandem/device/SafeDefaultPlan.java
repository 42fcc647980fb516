package io.tandem.device;

import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;

/**
 * The plan a device runs before the planner has spoken (epoch 0, so any real plan replaces it): by
 * default the smallest version entirely on the device, which needs neither uplink nor edge.
 */
public final class SafeDefaultPlan {

    private SafeDefaultPlan() {}

    public static Plan of(
            String deviceId,
            String modelId,
            String version,
            int partition,
            String codec,
            double frameRateHz) {
        return Plan.newBuilder()
                .setDeviceId(deviceId)
                .setEpoch(0)
                .setModelId(modelId)
                .setVersion(version)
                .setPartition(partition)
                .setCodec(codec)
                .setUplinkBandwidthBps(0)
                .setEdgeComputeShare(0)
                .setFrameRateHz(frameRateHz)
                .setValidFromMicros(0)
                .setReason(PlanReason.INITIAL)
                .setSolver("default")
                .build();
    }
}
