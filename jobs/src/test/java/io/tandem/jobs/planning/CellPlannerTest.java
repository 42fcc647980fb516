package io.tandem.jobs.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tandem.jobs.Zoo;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import org.junit.jupiter.api.Test;

class CellPlannerTest {

    private final CellPlanner planner = new CellPlanner(Zoo.repository().manifest(), PlannerSettings.defaults());

    @Test
    void aReSolveOnUnchangedOrNoisyStatisticsIssuesNoNewPlans() {
        List<DeviceStatistics> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(PlannerFunctionTest.stats("cam-" + i, 1e6 + i * 4e5, 1_000, 0));
        }
        CellPlanner.Replan first = planner.replan(devices, Map.of(), 1.0, PlanReason.PERIODIC, 0);
        assertThat(first.plans()).hasSize(8).allSatisfy(p -> assertThat(p.getEpoch()).isEqualTo(1));
        Map<String, Plan> current = new HashMap<>();
        first.plans().forEach(p -> current.put(p.getDeviceId(), p));

        assertThat(planner.replan(devices, current, 1.0, PlanReason.PERIODIC, 1).plans()).isEmpty();
        List<DeviceStatistics> noisy = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            noisy.add(PlannerFunctionTest.stats("cam-" + i, (1e6 + i * 4e5) * (i % 2 == 0 ? 1.04 : 0.97), 2_000, 1));
        }
        CellPlanner.Replan again = planner.replan(noisy, current, 1.0, PlanReason.PERIODIC, 2);
        assertThat(again.plans()).as("a few percent of noise moves nobody").isEmpty();
        assertThat(again.heldOptions()).isTrue();
    }

    @Test
    void aCollapsedLinkMovesTheDeviceToASmallerPayload() {
        // A microcontroller cannot run much of the model itself: on a good link it offloads.
        List<DeviceStatistics> devices = List.of(PlannerFunctionTest.stats("cam-1", "mcu", 20e6, 1_000, 0));
        Plan before = planner.replan(devices, Map.of(), 1.0, PlanReason.PERIODIC, 0).plans().get(0);
        assertThat(before.getPartition()).isLessThan(6);
        CellPlanner.Replan after = planner.replan(List.of(PlannerFunctionTest.stats("cam-1", "mcu", 100e3, 2_000, 1)),
                Map.of("cam-1", before), 1.0, PlanReason.NETWORK_CHANGE, 1);
        assertThat(after.plans()).singleElement().satisfies(p -> {
            assertThat(p.getEpoch()).isEqualTo(2);
            assertThat(p.getReason()).isEqualTo(PlanReason.NETWORK_CHANGE);
            assertThat(p.getVersion() + "/" + p.getPartition() + "/" + p.getCodec())
                    .isNotEqualTo(before.getVersion() + "/" + before.getPartition() + "/" + before.getCodec());
        });
        assertThat(after.changes()).singleElement().satisfies(c -> assertThat(c.getPreviousEpoch()).isEqualTo(1L));
    }
}
