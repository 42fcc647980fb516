package io.tandem.testkit;

import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;

/** Telemetry for tests: one second's window of an accuracy-sensitive rpi4 device at 10 fps. */
public final class Telemetries {

    private Telemetries() {}

    /** The window ending at {@code endMicros} at {@code uplinkBps}; change what a test needs. */
    public static Telemetry.Builder window(String device, long endMicros, double uplinkBps) {
        return Telemetry.newBuilder()
                .setDeviceId(device)
                .setDeviceClass("rpi4")
                .setTaskKind(TaskKind.ACCURACY_SENSITIVE)
                .setDeadlineMs(200)
                .setWindowStartMicros(endMicros - 1_000_000)
                .setWindowEndMicros(endMicros)
                .setUplinkThroughputBps(uplinkBps)
                .setRttMs(20)
                .setHeadComputeMs(5)
                .setFramesSent(10)
                .setFramesDropped(0)
                .setQueueLength(0)
                .setFrameRateHz(10)
                .setPlanEpoch(0);
    }
}
