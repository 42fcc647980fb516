package io.tandem.planner.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final DeviceContext DEVICE =
            new DeviceContext(10, 8e6, 0.02, 0.2, TaskWeights.LATENCY_SENSITIVE);
    private static final SplitOption MID =
            new SplitOption("w50", 2, "int8", 0.004, 0.003, 10_000, 0.9);

    @Test
    void componentsFollowTheFormulas() {
        Latency l = CostModel.latency(MID, DEVICE, 4e6, 0.5);
        double transfer = 8 * 10_000 / 4e6; // 20 ms
        double compute = 0.003 / 0.5; // 6 ms
        assertThat(l.head()).isEqualTo(0.004);
        assertThat(l.transfer()).isCloseTo(transfer, offset(1e-12));
        assertThat(l.uplinkQueue())
                .isCloseTo(10 * transfer * transfer / (2 * (1 - 10 * transfer)), offset(1e-12));
        assertThat(l.edgeCompute()).isCloseTo(compute, offset(1e-12));
        assertThat(l.edgeQueue())
                .isCloseTo(10 * compute * compute / (2 * (1 - 10 * compute)), offset(1e-12));
        assertThat(l.network()).isEqualTo(0.02);
        assertThat(l.deviceQueue()).as("periodic frames wait for no head that keeps up").isZero();
        assertThat(l.total())
                .isCloseTo(
                        l.deviceQueue()
                                + l.head()
                                + l.transfer()
                                + l.uplinkQueue()
                                + l.network()
                                + l.edgeCompute()
                                + l.edgeQueue(),
                        offset(1e-15));
    }

    @Test
    void bandwidthAboveTheDevicesOwnCapacityBuysNothing() {
        assertThat(CostModel.latency(MID, DEVICE, 1e9, 0.5).total())
                .isEqualTo(CostModel.latency(MID, DEVICE, 8e6, 0.5).total());
    }

    @Test
    void anOverloadedLinkOrEdgeIsInfinitelySlow() {
        // 10 frames/s of 10 kB need 0.8 Mbit/s: at 0.8 Mbit/s the uplink is saturated.
        assertThat(CostModel.latency(MID, DEVICE, 0.8e6, 0.5).stable()).isFalse();
        // 10 frames/s of 3 ms edge work need a 3% share.
        assertThat(CostModel.latency(MID, DEVICE, 4e6, 0.03).stable()).isFalse();
        assertThat(CostModel.cost(MID, DEVICE, 4e6, 0.0)).isInfinite();
        // 10 frames/s leave 100 ms per head: one that takes 100 ms falls behind for good.
        SplitOption slowHead = new SplitOption("w50", 2, "int8", 0.1, 0.003, 10_000, 0.9);
        assertThat(CostModel.latency(slowHead, DEVICE, 4e6, 0.5).stable()).isFalse();
        SplitOption justInTime = new SplitOption("w50", 2, "int8", 0.099, 0.003, 10_000, 0.9);
        assertThat(CostModel.latency(justInTime, DEVICE, 4e6, 0.5).deviceQueue()).isZero();
    }

    @Test
    void latencyFallsAsEitherResourceGrows() {
        double previous = Double.POSITIVE_INFINITY;
        for (double b = 1e6; b <= 8e6; b += 0.5e6) {
            double l = CostModel.latency(MID, DEVICE, b, 0.3).total();
            assertThat(l).isLessThan(previous);
            previous = l;
        }
        previous = Double.POSITIVE_INFINITY;
        for (double c = 0.05; c <= 1; c += 0.05) {
            double l = CostModel.latency(MID, DEVICE, 4e6, c).total();
            assertThat(l).isLessThan(previous);
            previous = l;
        }
    }

    @Test
    void deviceOnlyNeedsNoEdgeCompute() {
        SplitOption local = new SplitOption("w25", 6, "float32", 0.05, 0, 40, 0.88);
        SplitOption tooSlowForTheFrameRate =
                new SplitOption("w100", 6, "float32", 0.1, 0, 40, 0.91);
        assertThat(CostModel.latency(tooSlowForTheFrameRate, DEVICE, 1e6, 0).stable()).isFalse();
        Latency l = CostModel.latency(local, DEVICE, 1e6, 0);
        assertThat(l.stable()).isTrue();
        assertThat(l.edgeCompute()).isZero();
    }

    @Test
    void missingTheDeadlineIsPenalisedBeyondTheLinearLatencyTerm() {
        TaskWeights w = TaskWeights.LATENCY_SENSITIVE;
        double atDeadline = CostModel.costOf(MID, DEVICE, 0.2);
        double late = CostModel.costOf(MID, DEVICE, 0.3);
        assertThat(late - atDeadline)
                .isCloseTo((w.latencyWeight() + w.deadlinePenalty()) * 0.5, offset(1e-12));
        double early = CostModel.costOf(MID, DEVICE, 0.1);
        assertThat(atDeadline - early).isCloseTo(w.latencyWeight() * 0.5, offset(1e-12));
    }

    @Test
    void accuracySensitiveTasksPreferTheMoreAccurateOfTwoOnTimeOptions() {
        SplitOption fastLessAccurate = new SplitOption("w25", 2, "int8", 0.002, 0.001, 2_000, 0.87);
        SplitOption slowerMoreAccurate =
                new SplitOption("w100", 2, "int8", 0.008, 0.004, 8_000, 0.91);
        DeviceContext accuracyTask =
                new DeviceContext(10, 8e6, 0.02, 0.2, TaskWeights.ACCURACY_SENSITIVE);
        DeviceContext latencyTask =
                new DeviceContext(10, 8e6, 0.02, 0.2, new TaskWeights(0.1, 1.0, 2.0));
        assertThat(CostModel.cost(slowerMoreAccurate, accuracyTask, 4e6, 0.5))
                .isLessThan(CostModel.cost(fastLessAccurate, accuracyTask, 4e6, 0.5));
        assertThat(CostModel.cost(fastLessAccurate, latencyTask, 4e6, 0.5))
                .isLessThan(CostModel.cost(slowerMoreAccurate, latencyTask, 4e6, 0.5));
    }
}
