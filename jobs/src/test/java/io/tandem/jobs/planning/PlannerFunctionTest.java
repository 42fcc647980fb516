package io.tandem.jobs.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.planner.online.CellBudget;
import io.tandem.planner.online.DeviceStatistics;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.PlanReason;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import io.tandem.testkit.Zoo;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * The planner operator in Flink's keyed two-input harness: timers, urgent re-solves, silence, and
 * state across a restore.
 */
class PlannerFunctionTest {

    private static final PlannerSettings SETTINGS = PlannerSettings.defaults();
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void plansJoiningDevicesAtOnceAndResumesEpochsAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = opened()) {
            twoCamerasJoin(harness);
            List<Plan> first = harness.extractOutputValues();
            assertThat(first)
                    .extracting(Plan::getDeviceId)
                    .containsExactlyInAnyOrder("cam-1", "cam-2");
            assertThat(first)
                    .allSatisfy(
                            p -> {
                                assertThat(p.getEpoch()).isEqualTo(1);
                                assertThat(p.getReason()).isEqualTo(PlanReason.DEVICE_JOINED);
                                assertThat(p.getSolver()).isEqualTo("tandem");
                                assertThat(p.getExpectedLatencyMs()).isPositive();
                            });
            List<PlanChange> changes =
                    harness.getSideOutput(PlannerFunction.MONITORING).stream()
                            .map(r -> (PlanChange) r.getValue().getBody())
                            .toList();
            assertThat(changes)
                    .hasSize(2)
                    .allSatisfy(c -> assertThat(c.getPreviousEpoch()).isNull());

            harness.setProcessingTime(1_000);
            assertThat(harness.extractOutputValues())
                    .as("nothing changed: no new plans")
                    .hasSize(2);
            snapshot = harness.snapshot(1, 1_000);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(1_100);
            // cam-1's link collapses to 50 kbit/s: an urgent re-solve moves it, with the next
            // epoch, not epoch 1 again.
            restored.processElement1(new StreamRecord<>(stats("cam-1", 50e3, 2_000, 1)));
            restored.setProcessingTime(1_200);
            List<Plan> after = restored.extractOutputValues();
            assertThat(after).extracting(Plan::getDeviceId).contains("cam-1");
            Plan moved =
                    after.stream()
                            .filter(p -> p.getDeviceId().equals("cam-1"))
                            .findFirst()
                            .orElseThrow();
            assertThat(moved.getEpoch()).isEqualTo(2);
            assertThat(moved.getReason()).isEqualTo(PlanReason.NETWORK_CHANGE);
            assertThat(moved.getExpectedLatencyMs()).isPositive();
        }
    }

    @Test
    void aWithdrawnVersionIsLeftWithinATickAndATamperedOneNeverPlanned() throws Exception {
        try (var harness = opened()) {
            twoCamerasJoin(harness);
            List<Plan> first = harness.extractOutputValues();
            String used = first.get(0).getVersion();
            int before = first.size();

            harness.setProcessingTime(150);
            harness.processElement2(
                    toDefaultCell(
                            Either.Right(ModelAnnouncements.withdrawn(Zoo.MODEL, used, CLOCK))));
            harness.setProcessingTime(200);
            List<Plan> moved =
                    harness.extractOutputValues()
                            .subList(before, harness.extractOutputValues().size());
            assertThat(moved)
                    .as("every device on the withdrawn version is moved, by an urgent re-solve")
                    .isNotEmpty()
                    .allSatisfy(
                            p -> {
                                assertThat(p.getVersion()).isNotEqualTo(used);
                                assertThat(p.getReason()).isEqualTo(PlanReason.MODEL_CHANGE);
                            });
            for (long t = 1_000; t <= 5_000; t += 1_000) {
                harness.setProcessingTime(t);
                harness.processElement1(new StreamRecord<>(stats("cam-1", 20e6, t, 0)));
                harness.processElement1(new StreamRecord<>(stats("cam-2", 20e6, t, 0)));
            }
            assertThat(
                            harness.extractOutputValues()
                                    .subList(before, harness.extractOutputValues().size()))
                    .as("nothing planned on it since")
                    .noneMatch(p -> p.getVersion().equals(used));

            // Published again, but announcing files the repository does not have: still not
            // planned.
            ModelAnnouncement published =
                    ModelAnnouncements.published(Zoo.ROOT.resolve(Zoo.MODEL), used, CLOCK);
            published.getFiles().get(0).setSha256("0".repeat(64));
            harness.processElement2(toDefaultCell(Either.Right(published)));
            for (long t = 6_000; t <= 9_000; t += 1_000) {
                harness.setProcessingTime(t);
                harness.processElement1(new StreamRecord<>(stats("cam-1", 20e6, t, 0)));
                harness.processElement1(new StreamRecord<>(stats("cam-2", 20e6, t, 0)));
            }
            assertThat(harness.extractOutputValues())
                    .filteredOn(p -> p.getEpoch() > 1)
                    .noneMatch(p -> p.getVersion().equals(used));
        }
    }

    @Test
    void theLearnedPolicyPlansTheCellWhenConfiguredAsTheSolver() throws Exception {
        PlannerSettings drl = SETTINGS.with(PlannerSettings.SOLVER, "drl");
        try (var harness = harness(drl)) {
            harness.open();
            harness.setProcessingTime(0);
            harness.processElement1(new StreamRecord<>(stats("cam-1", 20e6, 1_000, 0)));
            harness.processElement1(new StreamRecord<>(stats("cam-2", "mcu", 80e3, 1_000, 0)));
            harness.setProcessingTime(100);
            List<Plan> plans = harness.extractOutputValues();
            assertThat(plans)
                    .extracting(Plan::getDeviceId)
                    .containsExactlyInAnyOrder("cam-1", "cam-2");
            assertThat(plans)
                    .allSatisfy(
                            p -> {
                                assertThat(p.getSolver()).isEqualTo("drl");
                                assertThat(p.getUplinkBandwidthBps()).isPositive();
                                assertThat(p.getFrameRateHz()).isPositive();
                                assertThat(p.getExpectedLatencyMs()).isPositive().isFinite();
                            });
            assertThat(plans.stream().mapToDouble(Plan::getUplinkBandwidthBps).sum())
                    .isLessThanOrEqualTo(drl.ingressBps() * (1 + 1e-9));
        }
    }

    @Test
    void aRestoreAfterALongOutageKeepsTheFleetAndItsEpochs() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = opened()) {
            twoCamerasJoin(harness);
            harness.setProcessingTime(1_000);
            harness.processElement1(new StreamRecord<>(stats("cam-1", 50e3, 2_000, 1)));
            harness.setProcessingTime(1_100);
            assertThat(harness.extractOutputValues())
                    .filteredOn(p -> p.getDeviceId().equals("cam-1"))
                    .extracting(Plan::getEpoch)
                    .containsExactly(1L, 2L);
            snapshot = harness.snapshot(1, 1_100);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            // The job comes back long after the devices last spoke: the periodic tick it missed
            // fires first, before the telemetry sent meanwhile is read.
            long back = 1_100 + SETTINGS.silentAfterMillis() + 20_000;
            restored.setProcessingTime(back);
            // cam-1's telemetry still names epoch 1 (sent before plan 2 reached it); its link is
            // back.
            restored.processElement1(new StreamRecord<>(stats("cam-1", 20e6, back, 1)));
            restored.processElement1(new StreamRecord<>(stats("cam-2", 20e6, back, 1)));
            restored.setProcessingTime(back + 100);
            List<Plan> after = restored.extractOutputValues();
            assertThat(after)
                    .as("nobody joins again: the fleet was not forgotten")
                    .noneMatch(p -> p.getReason() == PlanReason.DEVICE_JOINED);
            assertThat(after)
                    .filteredOn(p -> p.getDeviceId().equals("cam-1"))
                    .extracting(Plan::getEpoch)
                    .as("cam-1's next plan is above the epoch 2 it was already sent")
                    .containsExactly(3L);
            assertThat(restored.numProcessingTimeTimers())
                    .as("one periodic tick ahead, the missed ones not replayed")
                    .isEqualTo(1);
        }
    }

    @Test
    void devicesSilentForTooLongLeaveThePlan() throws Exception {
        try (var harness = opened()) {
            harness.setProcessingTime(0);
            harness.processElement1(new StreamRecord<>(stats("cam-1", 5e6, 1_000, 0)));
            harness.setProcessingTime(100);
            assertThat(harness.extractOutputValues()).hasSize(1);
            long silentUntil = SETTINGS.silentAfterMillis() + 2_000;
            for (long t = 1_000; t <= silentUntil; t += 1_000) {
                harness.setProcessingTime(t);
                harness.processElement1(new StreamRecord<>(stats("cam-2", 5e6, t, 0)));
            }
            harness.setProcessingTime(silentUntil + 1_000);
            // cam-1 has left: when it comes back it is planned afresh. Its telemetry reports no
            // plan (it was cut off before epoch 1 reached it, which may still be on its way, from
            // the compacted topic): the new plan must be above epoch 1, or the device would keep
            // whichever of two different epoch-1 plans it read first.
            harness.processElement1(
                    new StreamRecord<>(stats("cam-1", 5e6, silentUntil + 1_000, 0)));
            harness.setProcessingTime(silentUntil + 1_100);
            List<Plan> cam1 =
                    harness.extractOutputValues().stream()
                            .filter(p -> p.getDeviceId().equals("cam-1"))
                            .toList();
            assertThat(cam1).hasSize(2);
            assertThat(cam1.get(1).getReason()).isEqualTo(PlanReason.DEVICE_JOINED);
            assertThat(cam1.get(1).getEpoch()).isEqualTo(2);
        }
    }

    @Test
    void eachCellIsPlannedOnItsOwnBudget() throws Exception {
        // A small cell beside the default one: its two devices share 0.4 Mbit/s and 5 GFLOP/s.
        PlannerSettings cells = SETTINGS.with(PlannerSettings.CELLS, List.of("small:0.4:5"));
        try (var harness = harness(cells)) {
            harness.open();
            harness.setProcessingTime(0);
            for (String device : List.of("big-1", "big-2")) {
                harness.processElement1(new StreamRecord<>(stats(device, 20e6, 1_000, 0)));
            }
            for (String device : List.of("small-1", "small-2")) {
                DeviceStatistics s = stats(device, 20e6, 1_000, 0);
                s.cell = "small";
                harness.processElement1(new StreamRecord<>(s));
            }
            harness.setProcessingTime(100);
            List<Plan> plans = harness.extractOutputValues();
            assertThat(plans)
                    .extracting(Plan::getDeviceId)
                    .containsExactlyInAnyOrder("big-1", "big-2", "small-1", "small-2");
            double smallBandwidth = bandwidthOf(plans, "small-");
            double bigBandwidth = bandwidthOf(plans, "big-");
            assertThat(smallBandwidth).isPositive().isLessThanOrEqualTo(0.4e6 * (1 + 1e-9));
            assertThat(bigBandwidth).isLessThanOrEqualTo(SETTINGS.ingressBps() * (1 + 1e-9));
            // The same devices on a 50 times larger ingress are given more of it.
            assertThat(bigBandwidth).isGreaterThan(smallBandwidth);

            // Each plan change names the cell that issued it.
            assertThat(harness.getSideOutput(PlannerFunction.MONITORING))
                    .extracting(r -> (PlanChange) r.getValue().getBody())
                    .allSatisfy(
                            c ->
                                    assertThat(c.getCell())
                                            .isEqualTo(
                                                    c.getPlan().getDeviceId().startsWith("small-")
                                                            ? "small"
                                                            : CellBudget.DEFAULT))
                    .hasSize(4);
            // Each cell hears the edge's load and re-plans on its own budget still.
            for (String cell : List.of(CellBudget.DEFAULT, "small")) {
                harness.processElement2(
                        new StreamRecord<>(Tuple2.of(cell, Either.Left(edgeLoad(0.9)))));
            }
            harness.setProcessingTime(1_000);
            assertThat(bandwidthOf(harness.extractOutputValues(), "small-"))
                    .isPositive()
                    .isLessThanOrEqualTo(0.4e6 * (1 + 1e-9));
        }
    }

    @Test
    void aCellRemovedFromTheConfigurationIsRetiredOnRestoreNotACrashLoop() throws Exception {
        PlannerSettings withSmall = SETTINGS.with(PlannerSettings.CELLS, List.of("small:0.4:5"));
        OperatorSubtaskState snapshot;
        try (var harness = harness(withSmall)) {
            harness.open();
            harness.setProcessingTime(0);
            DeviceStatistics s = stats("small-1", 20e6, 1_000, 0);
            s.cell = "small";
            harness.processElement1(new StreamRecord<>(s));
            harness.processElement1(new StreamRecord<>(stats("big-1", 20e6, 1_000, 0)));
            harness.setProcessingTime(100);
            assertThat(harness.extractOutputValues())
                    .extracting(Plan::getDeviceId)
                    .containsExactlyInAnyOrder("small-1", "big-1");
            snapshot = harness.snapshot(1, 100);
        }
        try (var restored = harness(SETTINGS)) {
            restored.initializeState(snapshot);
            restored.open();
            // The small cell's timers fire and retire it; the default cell plans on.
            for (long t = 1_000; t <= 5_000; t += 1_000) {
                restored.setProcessingTime(t);
                restored.processElement1(new StreamRecord<>(stats("big-1", 1e6, t, 1)));
            }
            assertThat(restored.extractOutputValues())
                    .extracting(Plan::getDeviceId)
                    .isNotEmpty()
                    .containsOnly("big-1");
            assertThat(restored.numProcessingTimeTimers())
                    .as("the default cell's timers only")
                    .isLessThanOrEqualTo(2);
        }
    }

    private static double bandwidthOf(List<Plan> plans, String prefix) {
        // The newest plan per device.
        Map<String, Plan> newest = new HashMap<>();
        plans.forEach(
                p ->
                        newest.merge(
                                p.getDeviceId(), p, (a, b) -> b.getEpoch() > a.getEpoch() ? b : a));
        return newest.values().stream()
                .filter(p -> p.getDeviceId().startsWith(prefix))
                .mapToDouble(Plan::getUplinkBandwidthBps)
                .sum();
    }

    private static MonitorEvent edgeLoad(double utilization) {
        return MonitorEvent.newBuilder()
                .setEventTimeMicros(1)
                .setSource("tail")
                .setBody(
                        EdgeLoad.newBuilder()
                                .setWindowMs(1_000)
                                .setUtilization(utilization)
                                .setRequestsPerSecond(10)
                                .setQueueLengths(Map.of())
                                .build())
                .build();
    }

    private static StreamRecord<Tuple2<String, Either<MonitorEvent, ModelAnnouncement>>>
            toDefaultCell(Either<MonitorEvent, ModelAnnouncement> signal) {
        return new StreamRecord<>(Tuple2.of(CellBudget.DEFAULT, signal));
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String,
                    DeviceStatistics,
                    Tuple2<String, Either<MonitorEvent, ModelAnnouncement>>,
                    Plan>
            opened() throws Exception {
        var harness = harness();
        harness.open();
        return harness;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String,
                    DeviceStatistics,
                    Tuple2<String, Either<MonitorEvent, ModelAnnouncement>>,
                    Plan>
            harness() throws Exception {
        return harness(SETTINGS);
    }

    /** The planner operator in Flink's keyed two-input harness, not yet opened. */
    static KeyedTwoInputStreamOperatorTestHarness<
                    String,
                    DeviceStatistics,
                    Tuple2<String, Either<MonitorEvent, ModelAnnouncement>>,
                    Plan>
            harness(PlannerSettings settings) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new PlannerFunction(Zoo.manifestFile().toString(), settings)),
                s -> s.cell,
                t -> t.f0,
                Types.STRING);
    }

    /** cam-1 and cam-2 report 20 Mbit/s links at time 0 and are planned at 100 ms. */
    private static void twoCamerasJoin(
            KeyedTwoInputStreamOperatorTestHarness<
                            String,
                            DeviceStatistics,
                            Tuple2<String, Either<MonitorEvent, ModelAnnouncement>>,
                            Plan>
                    harness)
            throws Exception {
        harness.setProcessingTime(0);
        harness.processElement1(new StreamRecord<>(stats("cam-1", 20e6, 1_000, 0)));
        harness.processElement1(new StreamRecord<>(stats("cam-2", 20e6, 1_000, 0)));
        harness.setProcessingTime(100);
    }

    static DeviceStatistics stats(String device, double uplinkBps, long nowMillis, long epoch) {
        return stats(device, "rpi4", uplinkBps, nowMillis, epoch);
    }

    static DeviceStatistics stats(
            String device, String deviceClass, double uplinkBps, long nowMillis, long epoch) {
        DeviceStatistics s = DeviceStatistics.of(device);
        s.update(
                Telemetry.newBuilder()
                        .setDeviceId(device)
                        .setDeviceClass(deviceClass)
                        .setTaskKind(TaskKind.ACCURACY_SENSITIVE)
                        .setDeadlineMs(200)
                        .setWindowStartMicros(nowMillis * 1000 - 1_000_000)
                        .setWindowEndMicros(nowMillis * 1000)
                        .setUplinkThroughputBps(uplinkBps)
                        .setRttMs(20)
                        .setHeadComputeMs(3)
                        .setFramesSent(10)
                        .setFramesDropped(0)
                        .setQueueLength(0)
                        .setFrameRateHz(10)
                        .setPlanEpoch(epoch)
                        .build(),
                SETTINGS.keepWindows(),
                nowMillis);
        return s;
    }
}
