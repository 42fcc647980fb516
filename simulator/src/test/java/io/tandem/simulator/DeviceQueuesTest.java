package io.tandem.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.schema.Telemetry;
import io.tandem.traces.BandwidthTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceQueuesTest {

    private static final SplitOption MID =
            new SplitOption("w100", 3, "int8", 0.004, 0.002, 6272, 0.909);

    private static SimulatedDevice device(BandwidthTrace trace, double fps) {
        return new SimulatedDevice(
                "d", DeviceClass.RPI4, TaskKind.ACCURACY, fps, 0.02, 0.2, trace, 0, List.of(MID));
    }

    @Test
    void aLightlyLoadedFrameTakesHeadTransferRoundTripAndTail() {
        BandwidthTrace flat = new BandwidthTrace("flat", new double[] {10}, new double[] {10e6});
        SimulatedDevice device = device(flat, 0.01); // one frame per 100 s: no queueing
        PlannerMetrics metrics = new PlannerMetrics("t", 1);
        // 5 Mbit/s allocated (below the 10 Mbit/s link), a quarter of the edge
        new DeviceQueues(device, 7)
                .run(0, 2000, new WindowPlan(MID, 5e6, 0.25, device.frameRateHz()), metrics, 0);

        PlannerSummary summary = metrics.summary();
        double expected = 0.004 + 8 * 6272 / 5e6 + 0.02 + 0.002 / 0.25;
        assertThat(summary.answered()).isGreaterThan(5);
        assertThat(summary.dropped()).isZero();
        assertThat(summary.meanLatencyMs()).isCloseTo(1000 * expected, within(1e-6));
        assertThat(summary.meanObjective())
                .isCloseTo(CostModel.costOf(MID, device.context(1), expected), within(1e-9));
    }

    @Test
    void anOverloadedLinkDropsFramesInsteadOfQueueingForever() {
        BandwidthTrace slow = new BandwidthTrace("slow", new double[] {10}, new double[] {0.2e6});
        SimulatedDevice device = device(slow, 20); // 20 fps x 50 kbit needs 1 Mbit/s
        PlannerMetrics metrics = new PlannerMetrics("t", 1);
        new DeviceQueues(device, 7)
                .run(0, 60, new WindowPlan(MID, 10e6, 0.5, device.frameRateHz()), metrics, 0);

        PlannerSummary summary = metrics.summary();
        assertThat(summary.frames()).isEqualTo(summary.answered() + summary.dropped());
        assertThat((double) summary.dropped() / summary.frames()).isGreaterThan(0.7);
        // what is answered still waited at most the drop horizon in the uplink queue, plus its own
        // service
        assertThat(summary.p95LatencyMs())
                .isLessThan(1000 * (DeviceQueues.DROP_HORIZON * 0.2 + 0.4));
    }

    @Test
    void aPlanAdmittingAQuarterShedsThreeFramesInFourAndTheTelemetryReportsTheQueue() {
        BandwidthTrace slow = new BandwidthTrace("slow", new double[] {10}, new double[] {0.2e6});
        SimulatedDevice device = device(slow, 20);
        PlannerMetrics metrics = new PlannerMetrics("t", 2);
        DeviceQueues queues = new DeviceQueues(device, 7);
        Telemetry overloaded = queues.run(0, 30, new WindowPlan(MID, 10e6, 0.5, 20), metrics, 0);
        // 50 kbit frames on a 0.2 Mbit/s link: 0.25 s each, so at most the 0.4 s drop horizon's
        // worth waits
        assertThat(overloaded.getQueueLength())
                .as("frames waiting for the 0.2 Mbit/s link")
                .isBetween(1, 3);
        assertThat(overloaded.getFramesDropped()).isPositive();
        assertThat(overloaded.getUplinkThroughputBps()).isCloseTo(0.2e6, within(1.0));
        assertThat(overloaded.getFrameRateHz())
                .as("the offered rate, not the admitted one")
                .isEqualTo(20);

        PlannerMetrics admitted = new PlannerMetrics("t", 1);
        new DeviceQueues(device, 7).run(0, 600, new WindowPlan(MID, 10e6, 0.5, 5), admitted, 0);
        PlannerSummary summary = admitted.summary();
        assertThat(summary.frames())
                .isEqualTo(summary.answered() + summary.dropped() + summary.shed());
        assertThat((double) summary.shed() / summary.frames()).isCloseTo(0.75, within(0.02));
    }
}
