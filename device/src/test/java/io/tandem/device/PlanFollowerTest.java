package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.device.models.Readiness;
import io.tandem.schema.Plan;
import io.tandem.testkit.Zoo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlanFollowerTest {

    private static Plan plan(String device, long epoch, String version, int partition) {
        Plan p = SafeDefaultPlan.of(device, "fmnist-resnet", version, partition, "int8", 15);
        p.setEpoch(epoch);
        return p;
    }

    @Test
    void startsOnTheDefaultAndSwitchesOnlyAtAFrameBoundary() {
        PlanFollower follower =
                new PlanFollower(
                        SafeDefaultPlan.of("cam-1", "fmnist-resnet", "w25", 6, "float32", 15));
        assertThat(follower.forNextFrame().getEpoch()).isZero();

        assertThat(follower.offer(plan("cam-1", 1, "w100", 3))).isTrue();
        assertThat(follower.switches()).as("not before the next frame").isZero();
        Plan next = follower.forNextFrame();
        assertThat(next.getVersion()).isEqualTo("w100");
        assertThat(next.getPartition()).isEqualTo(3);
        assertThat(follower.forNextFrame()).isSameAs(next);
        assertThat(follower.switches()).isEqualTo(1);
    }

    @Test
    void olderEpochsAndOtherDevicesPlansAreIgnored() {
        PlanFollower follower =
                new PlanFollower(
                        SafeDefaultPlan.of("cam-1", "fmnist-resnet", "w25", 6, "float32", 15));
        follower.offer(plan("cam-1", 5, "w50", 2));
        assertThat(follower.offer(plan("cam-1", 4, "w100", 1))).isFalse();
        assertThat(follower.offer(plan("cam-1", 5, "w100", 1))).isFalse();
        assertThat(follower.offer(plan("cam-2", 9, "w100", 1))).isFalse();
        assertThat(follower.forNextFrame().getVersion()).isEqualTo("w50");
    }

    @Test
    void framesSeeEpochsOnlyGoUpWhilePlansArriveConcurrently() throws InterruptedException {
        PlanFollower follower =
                new PlanFollower(
                        SafeDefaultPlan.of("cam-1", "fmnist-resnet", "w25", 6, "float32", 15));
        Thread planner =
                new Thread(
                        () -> {
                            for (long epoch = 1; epoch <= 20_000; epoch++) {
                                follower.offer(
                                        plan(
                                                "cam-1",
                                                epoch,
                                                epoch % 2 == 0 ? "w50" : "w100",
                                                (int) (epoch % 7)));
                            }
                        });
        planner.start();
        List<Long> seen = new ArrayList<>();
        while (planner.isAlive()) {
            seen.add(follower.forNextFrame().getEpoch());
        }
        planner.join();
        seen.add(follower.forNextFrame().getEpoch());

        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).isGreaterThanOrEqualTo(seen.get(i - 1));
        }
        assertThat(seen.get(seen.size() - 1)).isEqualTo(20_000);
    }

    @Test
    void aPlanTheDeviceCannotFollowIsRefusedAndTheCurrentOneKept() {
        HeadStage head = new HeadStage(Zoo.repository());
        PlanFollower follower =
                new PlanFollower(
                        SafeDefaultPlan.of("cam-1", "fmnist-resnet", "w25", 6, "float32", 15),
                        head::readiness);
        assertThat(follower.offer(plan("cam-1", 1, "w100", 3))).isTrue();

        Plan stopped = plan("cam-1", 2, "w100", 3);
        stopped.setFrameRateHz(0);
        Plan unknown = plan("cam-1", 3, "w7", 3);
        Plan flood = plan("cam-1", 4, "w100", 3);
        flood.setFrameRateHz(Double.POSITIVE_INFINITY);
        assertThat(follower.offer(stopped)).isFalse();
        assertThat(follower.offer(unknown)).isFalse();
        assertThat(follower.offer(flood)).isFalse();

        assertThat(follower.forNextFrame().getEpoch()).isEqualTo(1);
        assertThat(follower.refused()).isEqualTo(3);
        assertThat(follower.lastRefusal()).startsWith("epoch 4").contains("frame rate");
        assertThat(follower.offer(plan("cam-1", 5, "w50", 2)))
                .as("a good plan after them")
                .isTrue();
    }

    @Test
    void aPlanWhoseSliceIsStillOnItsWayWaitsWhileTheCurrentOneRuns() {
        AtomicReference<Readiness> slice = new AtomicReference<>(Readiness.pending("downloading"));
        PlanFollower follower =
                new PlanFollower(
                        SafeDefaultPlan.of("cam-1", "fmnist-resnet", "w25", 6, "float32", 15),
                        p -> p.getVersion().equals("w100") ? slice.get() : Readiness.READY);
        assertThat(follower.offer(plan("cam-1", 1, "w100", 3))).isTrue();
        assertThat(follower.forNextFrame().getEpoch()).as("still on the default").isZero();
        assertThat(follower.waiting()).isPresent();
        assertThat(follower.offer(plan("cam-1", 1, "w100", 3))).as("a replay").isFalse();

        slice.set(Readiness.READY);
        assertThat(follower.forNextFrame().getEpoch()).as("taken once loaded").isEqualTo(1);
        assertThat(follower.waiting()).isEmpty();

        slice.set(Readiness.pending("downloading again"));
        follower.offer(plan("cam-1", 2, "w100", 1));
        assertThat(follower.offer(plan("cam-1", 3, "w50", 2))).isTrue();
        assertThat(follower.forNextFrame().getEpoch())
                .as("a newer plan it can run replaces the waiting one")
                .isEqualTo(3);
        assertThat(follower.waiting()).isEmpty();

        follower.offer(plan("cam-1", 4, "w100", 5));
        slice.set(Readiness.refused("tampered"));
        assertThat(follower.forNextFrame().getEpoch()).isEqualTo(3);
        assertThat(follower.refused()).isEqualTo(1);
        assertThat(follower.lastRefusal()).startsWith("epoch 4").contains("tampered");
    }
}
