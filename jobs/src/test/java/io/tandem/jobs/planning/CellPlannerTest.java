package io.tandem.jobs.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.online.CellPlanner;
import io.tandem.planner.online.DeviceStatistics;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.planner.solve.Prices;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import io.tandem.testkit.Zoo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CellPlannerTest {

    private final CellPlanner planner =
            new CellPlanner(
                    ZooSplitOptions.catalog(
                            Zoo.repository().manifest(), PlannerSettings.defaults().codecs()),
                    PlannerSettings.defaults());

    @Test
    void aReSolveOnUnchangedOrNoisyStatisticsIssuesNoNewPlans() {
        List<DeviceStatistics> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(PlannerFunctionTest.stats("cam-" + i, 1e6 + i * 4e5, 1_000, 0));
        }
        CellPlanner.Replan first =
                planner.replan(
                        devices, Map.of(), Map.of(), 1.0, Prices.NONE, PlanReason.PERIODIC, 0);
        assertThat(first.plans()).hasSize(8).allSatisfy(p -> assertThat(p.getEpoch()).isEqualTo(1));
        Map<String, Plan> current = new HashMap<>();
        first.plans().forEach(p -> current.put(p.getDeviceId(), p));

        assertThat(
                        planner.replan(
                                        devices,
                                        current,
                                        Map.of(),
                                        1.0,
                                        Prices.NONE,
                                        PlanReason.PERIODIC,
                                        1)
                                .plans())
                .isEmpty();
        List<DeviceStatistics> noisy = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            noisy.add(
                    PlannerFunctionTest.stats(
                            "cam-" + i, (1e6 + i * 4e5) * (i % 2 == 0 ? 1.04 : 0.97), 2_000, 1));
        }
        CellPlanner.Replan again =
                planner.replan(noisy, current, Map.of(), 1.0, Prices.NONE, PlanReason.PERIODIC, 2);
        assertThat(again.plans()).as("a few percent of noise moves nobody").isEmpty();
        assertThat(again.heldOptions()).isTrue();
    }

    @Test
    void thePlansInForceNeverGiveOutMoreUplinkOrEdgeThanTheCellHas() {
        // A tight cell (4 Mbit/s for 10 offloading microcontrollers) whose links wander by up to
        // 20% a window around the fair share: shares move within the share hysteresis all the
        // time.
        PlannerSettings tight = PlannerSettings.defaults().with(PlannerSettings.INGRESS_MBPS, 4.0);
        CellPlanner cell =
                new CellPlanner(
                        ZooSplitOptions.catalog(Zoo.repository().manifest(), tight.codecs()),
                        tight);
        Random random = new Random(7);
        double[] links = new double[10];
        Arrays.fill(links, 4e5);
        Map<String, Plan> current = new HashMap<>();
        int kept = 0;
        Prices prices = Prices.NONE; // carried from re-solve to re-solve, as the job does
        for (int step = 0; step < 60; step++) {
            List<DeviceStatistics> devices = new ArrayList<>();
            for (int i = 0; i < links.length; i++) {
                links[i] =
                        Math.max(
                                1.5e5,
                                Math.min(1.2e6, links[i] * (0.8 + 0.4 * random.nextDouble())));
                long epoch =
                        current.containsKey("mcu-" + i) ? current.get("mcu-" + i).getEpoch() : 0;
                devices.add(
                        PlannerFunctionTest.stats(
                                "mcu-" + i, "mcu", links[i], 10_000 + step * 1000L, epoch));
            }
            CellPlanner.Replan replan =
                    cell.replan(
                            devices,
                            current,
                            Map.of(),
                            1.0,
                            prices,
                            PlanReason.PERIODIC,
                            (10_000 + step * 1000L) * 1000);
            prices = replan.solution().prices();
            kept += devices.size() - replan.plans().size();
            replan.plans().forEach(p -> current.put(p.getDeviceId(), p));
            double uplink =
                    current.values().stream().mapToDouble(Plan::getUplinkBandwidthBps).sum();
            double edge = current.values().stream().mapToDouble(Plan::getEdgeComputeShare).sum();
            assertThat(uplink)
                    .as("uplink in force after step %d", step)
                    .isLessThanOrEqualTo(4e6 * (1 + 1e-9));
            assertThat(edge).as("edge in force after step %d", step).isLessThanOrEqualTo(1 + 1e-9);
        }
        assertThat(kept).as("the share hysteresis kept plans").isGreaterThan(60);
    }

    @Test
    void aDeviceFollowingAPlanThePlannerNeverIssuedIsPlannedAgainAboveIt() {
        List<DeviceStatistics> devices = List.of(PlannerFunctionTest.stats("cam-1", 5e6, 1_000, 0));
        Plan mine =
                planner.replan(
                                devices,
                                Map.of(),
                                Map.of(),
                                1.0,
                                Prices.NONE,
                                PlanReason.PERIODIC,
                                0)
                        .plans()
                        .get(0);
        Map<String, Plan> current = Map.of("cam-1", mine);
        assertThat(
                        planner.replan(
                                        devices,
                                        current,
                                        Map.of(),
                                        1.0,
                                        Prices.NONE,
                                        PlanReason.PERIODIC,
                                        1)
                                .plans())
                .as("nothing moved: no new plan")
                .isEmpty();

        // A forged plan at epoch 1e9 reached the device, which now reports following it.
        List<DeviceStatistics> forged =
                List.of(PlannerFunctionTest.stats("cam-1", 5e6, 2_000, 1_000_000_000L));
        CellPlanner.Replan again =
                planner.replan(forged, current, Map.of(), 1.0, Prices.NONE, PlanReason.PERIODIC, 2);

        assertThat(again.plans())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.getEpoch()).isEqualTo(1_000_000_001L);
                            assertThat(CellPlanner.splitChanged(mine, p)).isFalse();
                        });
    }

    @Test
    void aCollapsedLinkMovesTheDeviceToASmallerPayload() {
        // A microcontroller cannot run much of the model itself: on a good link it offloads.
        List<DeviceStatistics> devices =
                List.of(PlannerFunctionTest.stats("cam-1", "mcu", 20e6, 1_000, 0));
        Plan before =
                planner.replan(
                                devices,
                                Map.of(),
                                Map.of(),
                                1.0,
                                Prices.NONE,
                                PlanReason.PERIODIC,
                                0)
                        .plans()
                        .get(0);
        assertThat(before.getPartition()).isLessThan(6);
        CellPlanner.Replan after =
                planner.replan(
                        List.of(PlannerFunctionTest.stats("cam-1", "mcu", 100e3, 2_000, 1)),
                        Map.of("cam-1", before),
                        Map.of(),
                        1.0,
                        Prices.NONE,
                        PlanReason.NETWORK_CHANGE,
                        1);
        assertThat(after.plans())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.getEpoch()).isEqualTo(2);
                            assertThat(p.getReason()).isEqualTo(PlanReason.NETWORK_CHANGE);
                            assertThat(p.getVersion() + "/" + p.getPartition() + "/" + p.getCodec())
                                    .isNotEqualTo(
                                            before.getVersion()
                                                    + "/"
                                                    + before.getPartition()
                                                    + "/"
                                                    + before.getCodec());
                        });
        assertThat(after.changes())
                .singleElement()
                .satisfies(c -> assertThat(c.getPreviousEpoch()).isEqualTo(1L));
    }

    @Test
    void oneDeviceWhoseMoveIsWorthItMovesInALargeCell() {
        // 99 devices on steady links and one whose link drops to 150 kbit/s: its own cost falls
        // by far more than the hysteresis margin if it moves, the cell's objective by far less.
        List<DeviceStatistics> devices = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            devices.add(PlannerFunctionTest.stats("cam-" + i, "rpi4", 5e6, 1_000, 0));
        }
        devices.add(PlannerFunctionTest.stats("mover", "mcu", 20e6, 1_000, 0));
        CellPlanner.Replan first =
                planner.replan(
                        devices, Map.of(), Map.of(), 1.0, Prices.NONE, PlanReason.PERIODIC, 0);
        Map<String, Plan> current = new HashMap<>();
        first.plans().forEach(p -> current.put(p.getDeviceId(), p));
        List<DeviceStatistics> dropped = new ArrayList<>(devices.subList(0, 99));
        dropped.add(PlannerFunctionTest.stats("mover", "mcu", 150e3, 2_000, 1));
        CellPlanner.Replan again =
                planner.replan(
                        dropped,
                        current,
                        Map.of(),
                        1.0,
                        Prices.NONE,
                        PlanReason.NETWORK_CHANGE,
                        1_000_000);
        assertThat(again.plans())
                .filteredOn(p -> p.getDeviceId().equals("mover"))
                .singleElement()
                .satisfies(
                        p ->
                                assertThat(CellPlanner.splitChanged(current.get("mover"), p))
                                        .as("the device whose link dropped moves")
                                        .isTrue());
        assertThat(again.plans())
                .allSatisfy(
                        p ->
                                assertThat(
                                                p.getDeviceId().equals("mover")
                                                        || !CellPlanner.splitChanged(
                                                                current.get(p.getDeviceId()), p))
                                        .as("the others keep their splits")
                                        .isTrue());
    }

    @Test
    void aYoungSplitDwellsUnlessItStopsMeetingItsDeadline() {
        Plan before =
                planner.replan(
                                List.of(PlannerFunctionTest.stats("cam-1", "mcu", 20e6, 1_000, 0)),
                                Map.of(),
                                Map.of(),
                                1.0,
                                Prices.NONE,
                                PlanReason.PERIODIC,
                                0)
                        .plans()
                        .get(0);
        Map<String, Long> justChanged = Map.of("cam-1", 0L);
        long oneSecondLater = 1_000_000;
        // The link drops to 150 kbit/s: free, the planner would move to int4; within the dwell time
        // the int8 split,
        // which still meets the deadline, stays.
        DeviceStatistics halved = PlannerFunctionTest.stats("cam-1", "mcu", 150e3, 2_000, 1);
        CellPlanner.Replan dwelling =
                planner.replan(
                        List.of(halved),
                        Map.of("cam-1", before),
                        justChanged,
                        1.0,
                        Prices.NONE,
                        PlanReason.NETWORK_CHANGE,
                        oneSecondLater);
        dwelling.plans()
                .forEach(
                        p ->
                                assertThat(CellPlanner.splitChanged(before, p))
                                        .as("split kept while dwelling")
                                        .isFalse());
        CellPlanner.Replan free =
                planner.replan(
                        List.of(halved),
                        Map.of("cam-1", before),
                        Map.of(),
                        1.0,
                        Prices.NONE,
                        PlanReason.NETWORK_CHANGE,
                        oneSecondLater);
        assertThat(free.plans())
                .as("without the dwell time the split would move")
                .singleElement()
                .satisfies(p -> assertThat(CellPlanner.splitChanged(before, p)).isTrue());
        // The link collapses: the split in force cannot carry the frames, so it moves at once.
        DeviceStatistics collapsed = PlannerFunctionTest.stats("cam-1", "mcu", 30e3, 2_000, 1);
        CellPlanner.Replan moved =
                planner.replan(
                        List.of(collapsed),
                        Map.of("cam-1", before),
                        justChanged,
                        1.0,
                        Prices.NONE,
                        PlanReason.NETWORK_CHANGE,
                        oneSecondLater);
        assertThat(moved.plans())
                .singleElement()
                .satisfies(p -> assertThat(CellPlanner.splitChanged(before, p)).isTrue());
    }
}
