package io.tandem.device;

import io.tandem.schema.Telemetry;
import java.util.List;
import java.util.Set;

/**
 * The telemetry window the capture loop is in, on device time. It counts the frames captured and
 * their head time itself; what other threads count (frames sent, dropped) it takes as running
 * totals when the window closes, and reports their change. Not thread-safe: the capture thread owns
 * it.
 */
final class TelemetryWindow {

    /** What the rest of the device measured, read as the window closes. */
    record Measured(
            long sentTotal,
            long droppedTotal,
            int queueLength,
            double linkBps,
            double roundTripSeconds,
            Set<String> heldVersions,
            String pendingVersion,
            int refusedDownloads) {}

    private final DeviceSettings settings;

    /** What the source offers, not what the plan admits: the planner needs the demand. */
    private final double offeredRateHz;

    private double start;
    private long sentBefore;
    private long droppedBefore;
    private int frames;
    private double headSeconds;

    /** A first window from device time {@code start}, with nothing sent or dropped yet. */
    TelemetryWindow(DeviceSettings settings, double offeredRateHz, double start) {
        this.settings = settings;
        this.offeredRateHz = offeredRateHz;
        this.start = start;
    }

    /** One frame captured; its head (and codec) took {@code seconds}. */
    void frameCaptured(double seconds) {
        frames++;
        headSeconds += seconds;
    }

    /** Whether the window has lasted its period at device time {@code now}. */
    boolean due(double now) {
        return now - start >= settings.windowSeconds();
    }

    /**
     * The window's record, ending at {@code now} ({@code wallMicros} on the wall clock); the next
     * one starts there.
     */
    Telemetry close(double now, long wallMicros, long planEpoch, Measured measured) {
        Telemetry telemetry =
                Telemetry.newBuilder()
                        .setDeviceId(settings.deviceId())
                        .setDeviceClass(settings.deviceClass())
                        .setTaskKind(settings.taskKind())
                        .setDeadlineMs(settings.deadlineMs())
                        .setWindowStartMicros(wallMicros - (long) ((now - start) * 1e6))
                        .setWindowEndMicros(wallMicros)
                        .setUplinkThroughputBps(measured.linkBps())
                        .setRttMs(measured.roundTripSeconds() * 1000)
                        .setHeadComputeMs(frames == 0 ? 0 : headSeconds / frames * 1000)
                        .setFramesSent((int) (measured.sentTotal() - sentBefore))
                        .setFramesDropped((int) (measured.droppedTotal() - droppedBefore))
                        .setQueueLength(measured.queueLength())
                        .setFrameRateHz(offeredRateHz)
                        .setPlanEpoch(planEpoch)
                        .setHeldVersions(List.copyOf(measured.heldVersions()))
                        .setPendingVersion(measured.pendingVersion())
                        .setRefusedDownloads(measured.refusedDownloads())
                        .setCell(settings.cell())
                        .build();
        start = now;
        sentBefore = measured.sentTotal();
        droppedBefore = measured.droppedTotal();
        frames = 0;
        headSeconds = 0;
        return telemetry;
    }
}
