package io.tandem.planner.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import org.junit.jupiter.api.Test;

/** The uplink a device is planned on, window by window, and what a window may not change. */
class DeviceStatisticsTest {

    private static final int KEEP = 5;

    @Test
    void theEstimateFollowsACollapseAndARecoveryAtOnce() {
        DeviceStatistics stats = DeviceStatistics.of("pi-1");
        assertThat(stats.uplinkEstimateBps()).as("unmeasured").isZero();
        long end = 0;
        for (double bps : new double[] {40e6, 40e6, 40e6}) {
            stats.update(window(end += 1_000_000, bps), KEEP, 0);
        }
        stats.update(window(end += 1_000_000, 10e3), KEEP, 0);
        assertThat(stats.uplinkEstimateBps()).as("the window the link collapsed").isEqualTo(10e3);
        stats.update(window(end += 1_000_000, 38e6), KEEP, 0);
        assertThat(stats.uplinkEstimateBps())
                .as("the first window back, though the kept ones still hold the collapse")
                .isEqualTo(38e6);
        assertThat(stats.meanUplinkBps()).isLessThan(38e6);
    }

    @Test
    void aWindowWithoutTransfersOrOlderThanTheNewestChangesNothing() {
        DeviceStatistics stats = DeviceStatistics.of("pi-1");
        stats.update(window(2_000_000, 20e6), KEEP, 0);
        stats.update(window(3_000_000, 0), KEEP, 0);
        assertThat(stats.uplinkEstimateBps()).as("an idle window measured nothing").isEqualTo(20e6);
        assertThat(stats.update(window(1_000_000, 1e3), KEEP, 0)).as("a replay").isFalse();
        assertThat(stats.uplinkEstimateBps()).isEqualTo(20e6);
    }

    private static Telemetry window(long endMicros, double uplinkBps) {
        return Telemetry.newBuilder()
                .setDeviceId("pi-1")
                .setDeviceClass("rpi4")
                .setTaskKind(TaskKind.LATENCY_SENSITIVE)
                .setDeadlineMs(600)
                .setWindowStartMicros(endMicros - 1_000_000)
                .setWindowEndMicros(endMicros)
                .setUplinkThroughputBps(uplinkBps)
                .setRttMs(20)
                .setHeadComputeMs(0)
                .setFramesSent(1)
                .setFramesDropped(0)
                .setQueueLength(0)
                .setFrameRateHz(1)
                .setPlanEpoch(0)
                .build();
    }
}
