package io.tandem.testkit;

import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;

/**
 * Plans for tests: the zoo model's w100 at partition 3 with int8, at a given epoch and compute
 * share.
 */
public final class Plans {

    private Plans() {}

    public static Plan plan(String device, long epoch, double computeShare) {
        return Plan.newBuilder()
                .setDeviceId(device)
                .setEpoch(epoch)
                .setModelId(Checkout.MODEL)
                .setVersion("w100")
                .setPartition(3)
                .setCodec("int8")
                .setUplinkBandwidthBps(1e6)
                .setEdgeComputeShare(computeShare)
                .setFrameRateHz(10)
                .setValidFromMicros(0)
                .setReason(PlanReason.PERIODIC)
                .build();
    }
}
