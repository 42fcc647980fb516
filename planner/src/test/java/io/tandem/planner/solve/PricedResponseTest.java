package io.tandem.planner.solve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.cost.TaskWeights;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PricedResponseTest {

    private static final int GRID = 150;

    private static double pricedValue(
            SplitOption option,
            DeviceContext device,
            double lambda,
            double mu,
            double b,
            double c) {
        return CostModel.cost(option, device, b, c) + lambda * b + mu * c;
    }

    @Test
    void noGridPointBeatsTheResponseAndTheDeadlineKinkIsHit() {
        Random random = new Random(5);
        int atDeadline = 0;
        for (int i = 0; i < 200; i++) {
            double rate = 1 + random.nextDouble() * 19;
            SplitOption option =
                    new SplitOption(
                            "v",
                            1,
                            "int8",
                            0.2 / rate * random.nextDouble(),
                            0.5 / rate * random.nextDouble(),
                            1000 + random.nextInt(100_000),
                            0.9);
            double capacity = Math.pow(10, 6 + 2 * random.nextDouble());
            if (capacity <= 2 * 8 * option.bytesPerFrame() * rate) {
                capacity = 2 * 8 * option.bytesPerFrame() * rate;
            }
            TaskWeights weights =
                    random.nextBoolean()
                            ? TaskWeights.ACCURACY_SENSITIVE
                            : TaskWeights.LATENCY_SENSITIVE;
            double fastest =
                    CostModel.latency(
                                    option,
                                    new DeviceContext(rate, capacity, 0.01, 1, weights),
                                    capacity,
                                    1)
                            .total();
            // Deadlines just above what the whole capacity achieves: the kink is often optimal.
            DeviceContext device =
                    new DeviceContext(
                            rate, capacity, 0.01, fastest * (1.05 + random.nextDouble()), weights);
            double lambda = Math.pow(10, -12 + 5 * random.nextDouble());
            double mu = Math.pow(10, -3 + 3 * random.nextDouble());

            PricedResponse.Response r =
                    PricedResponse.of(option, device, lambda, mu, new ShareMemo(1), 0);
            assertThat(r.feasible()).isTrue();
            assertThat(r.value())
                    .isEqualTo(
                            pricedValue(
                                    option, device, lambda, mu, r.bandwidthBps(), r.computeShare()),
                            org.assertj.core.api.Assertions.within(1e-12));
            double stableB = 8 * option.bytesPerFrame() * rate;
            double stableC = option.tailEdgeSeconds() * rate;
            for (int gb = 1; gb <= GRID; gb++) {
                double b = stableB + (capacity - stableB) * gb / GRID;
                for (int gc = 1; gc <= GRID; gc++) {
                    double c = stableC + (1 - stableC) * gc / GRID;
                    assertThat(r.value())
                            .as("case %d at (%d, %d)", i, gb, gc)
                            .isLessThanOrEqualTo(
                                    pricedValue(option, device, lambda, mu, b, c) * (1 + 1e-9));
                }
            }
            if (Math.abs(r.latency() - device.deadlineSeconds())
                    <= 1e-6 * device.deadlineSeconds()) {
                assertThat(r.latency()).isLessThanOrEqualTo(device.deadlineSeconds());
                atDeadline++;
            }
        }
        assertThat(atDeadline).as("responses exactly at the deadline").isGreaterThan(20);
    }
}
