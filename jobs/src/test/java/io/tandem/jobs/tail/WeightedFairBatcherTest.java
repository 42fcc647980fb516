package io.tandem.jobs.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedFairBatcherTest {

    @Test
    void aFullSliceRunsAtOnceAndAPartialOneOnlyAfterTheMaxDelay() {
        WeightedFairBatcher<String> batcher = new WeightedFairBatcher<>(4, 2_000);
        for (int i = 0; i < 3; i++) {
            batcher.add("a" + i, "s1", "cam-1", 0.5, 1, 1_000);
        }
        assertThat(batcher.next(1_500, false)).as("3 of 4, 0.5 ms old").isNull();
        assertThat(batcher.nextDueMicros()).isEqualTo(3_000);
        batcher.add("a3", "s1", "cam-1", 0.5, 1, 1_600);
        WeightedFairBatcher.Batch<String> full = batcher.next(1_600, false);
        assertThat(full.requests()).containsExactly("a0", "a1", "a2", "a3");

        batcher.add("b0", "s2", "cam-2", 0.5, 1, 10_000);
        assertThat(batcher.next(11_999, false)).isNull();
        assertThat(batcher.next(12_000, false).requests()).containsExactly("b0");
        assertThat(batcher.size()).isZero();
        assertThat(batcher.nextDueMicros()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void batchesNeverMixSlices() {
        WeightedFairBatcher<String> batcher = new WeightedFairBatcher<>(8, 0);
        batcher.add("x1", "w100/p3", "cam-1", 0.5, 1, 0);
        batcher.add("y1", "w50/p3", "cam-1", 0.5, 1, 0);
        batcher.add("x2", "w100/p3", "cam-2", 0.5, 1, 0);
        List<List<String>> batches = new ArrayList<>();
        WeightedFairBatcher.Batch<String> b;
        while ((b = batcher.next(0, false)) != null) {
            batches.add(b.requests());
        }
        assertThat(batches).containsExactlyInAnyOrder(List.of("x1", "x2"), List.of("y1"));
    }

    @Test
    void underContentionDevicesAreServedInProportionToTheirComputeShares() {
        WeightedFairBatcher<String> batcher = new WeightedFairBatcher<>(1, 0);
        // Both devices keep 300 requests waiting: the edge is the bottleneck.
        for (int i = 0; i < 300; i++) {
            batcher.add("big", "s", "big", 0.75, 1, 0);
            batcher.add("small", "s", "small", 0.25, 1, 0);
        }
        int big = 0;
        for (int served = 0; served < 200; served++) {
            if (batcher.next(0, false).requests().get(0).equals("big")) {
                big++;
            }
        }
        assertThat(big).isBetween(148, 152);
    }

    @Test
    void aDeviceReturningFromIdleDoesNotGetCreditForTheTimeItWasAway() {
        WeightedFairBatcher<String> batcher = new WeightedFairBatcher<>(1, 0);
        for (int i = 0; i < 100; i++) {
            batcher.add("busy", "s", "busy", 0.5, 1, 0);
        }
        for (int i = 0; i < 50; i++) {
            batcher.next(0, false);
        }
        for (int i = 0; i < 10; i++) {
            batcher.add("back", "s", "back", 0.5, 1, 0);
        }
        int back = 0;
        for (int i = 0; i < 10; i++) {
            if (batcher.next(0, false).requests().get(0).equals("back")) {
                back++;
            }
        }
        assertThat(back).as("equal shares alternate, no burst of 10").isBetween(4, 6);
    }

    @Test
    void theDelayTriggerCountsFromTheOldestRequestStillWaiting() {
        WeightedFairBatcher<String> batcher = new WeightedFairBatcher<>(2, 1_000);
        batcher.add("a0", "s", "cam-1", 0.5, 1, 0);
        batcher.add("a1", "s", "cam-1", 0.5, 1, 100);
        batcher.add("a2", "s", "cam-1", 0.5, 1, 500);
        assertThat(batcher.next(500, false).requests()).containsExactly("a0", "a1");
        assertThat(batcher.nextDueMicros()).as("a2 arrived at 500").isEqualTo(1_500);
        assertThat(batcher.next(1_499, false)).isNull();
        assertThat(batcher.next(1_500, false).requests()).containsExactly("a2");
    }
}
