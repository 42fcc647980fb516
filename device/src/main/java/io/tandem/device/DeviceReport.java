package io.tandem.device;

import java.util.Map;

/**
 * What a device measured over a run: every captured frame was sent or dropped; every sent frame
 * answered (once) or still unanswered at the end. {@code framesByPlan} counts sent frames per
 * {@code epoch:version/partition/codec}; {@code plansRefused} counts plans it could not follow (and
 * so did not), which the fleet reports.
 */
public record DeviceReport(
        String deviceId,
        long captured,
        long sent,
        long dropped,
        long answered,
        long duplicates,
        long unanswered,
        long correct,
        double p50LatencyMs,
        double p95LatencyMs,
        long planSwitches,
        long plansRefused,
        Map<String, Long> framesByPlan) {

    public double accuracy() {
        return answered == 0 ? Double.NaN : (double) correct / answered;
    }
}
