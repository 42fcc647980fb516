package io.tandem.device;

/**
 * A running device's counters, for progress lines; {@code recentLatencyMs} holds its last answers'
 * latencies.
 */
public record DeviceProgress(
        String deviceId,
        long captured,
        long sent,
        long answered,
        long dropped,
        long correct,
        long planEpoch,
        double[] recentLatencyMs) {}
