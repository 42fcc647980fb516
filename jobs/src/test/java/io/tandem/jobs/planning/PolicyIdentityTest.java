package io.tandem.jobs.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.online.CellPlanner;
import io.tandem.planner.online.DeviceStatistics;
import io.tandem.planner.online.InMemoryPlannerState;
import io.tandem.planner.online.OnlinePlanner;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import io.tandem.testkit.Zoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * The edge job's planner operator and the simulator's driver run one policy: fed the same telemetry
 * at the same times, the operator (in Flink's harness, on its timers) and {@link OnlinePlanner}
 * driven directly (as the simulator drives it) publish identical plans, the operator restored from
 * a snapshot halfway.
 */
class PolicyIdentityTest {

    private static final PlannerSettings SETTINGS = PlannerSettings.defaults();
    private static final int DEVICES = 6;
    private static final int SECONDS = 30;

    /** The second at which the operator is snapshotted, closed and restored. */
    private static final int RESTORED_AT = 14;

    @Test
    void theOperatorAndTheDirectlyDrivenPolicyPublishTheSamePlans() throws Exception {
        List<List<Telemetry>> windows = telemetry();
        List<Plan> fromOperator = new ArrayList<>();
        var harness = PlannerFunctionTest.harness(SETTINGS);
        try {
            harness.open();
            List<DeviceStatistics> kept = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                kept.add(DeviceStatistics.of("cam-" + i));
            }
            for (int second = 0; second < SECONDS; second++) {
                long at = arrival(second);
                if (second == RESTORED_AT) {
                    // The operator fails and is restored from a snapshot: everything the policy
                    // remembers (statistics, plans, split ages, edge speed, the solver's last
                    // prices) must come back, or its plans would part from the direct run's.
                    fromOperator.addAll(harness.extractOutputValues());
                    OperatorSubtaskState snapshot = harness.snapshot(1, at);
                    harness.close();
                    harness = PlannerFunctionTest.harness(SETTINGS);
                    harness.initializeState(snapshot);
                    harness.open();
                }
                harness.setProcessingTime(at);
                for (int i = 0; i < DEVICES; i++) {
                    // what DeviceStatisticsFunction does per device, then hands a copy downstream
                    kept.get(i).update(windows.get(second).get(i), SETTINGS.keepWindows(), at);
                    harness.processElement1(new StreamRecord<>(kept.get(i).copy()));
                }
                harness.setProcessingTime(at + PlannerFunction.URGENT_MILLIS);
            }
            harness.setProcessingTime(arrival(SECONDS));
            fromOperator.addAll(harness.extractOutputValues());
        } finally {
            harness.close();
        }

        OnlinePlanner policy =
                new OnlinePlanner(
                        ZooSplitOptions.catalog(Zoo.repository().manifest(), SETTINGS.codecs()),
                        SETTINGS);
        InMemoryPlannerState state = new InMemoryPlannerState();
        List<Plan> direct = new ArrayList<>();
        long periodic = arrival(0) + SETTINGS.intervalMillis();
        for (int second = 0; second < SECONDS; second++) {
            long at = arrival(second);
            if (second > 0) {
                direct.addAll(replan(policy, state, PlanReason.PERIODIC, periodic));
                periodic += SETTINGS.intervalMillis();
            }
            Optional<PlanReason> urgent = Optional.empty();
            for (Telemetry t : windows.get(second)) {
                Optional<PlanReason> reason = policy.observe(state, t, at);
                urgent = urgent.or(() -> reason);
            }
            if (urgent.isPresent()) {
                direct.addAll(
                        replan(policy, state, urgent.get(), at + PlannerFunction.URGENT_MILLIS));
            }
        }
        direct.addAll(replan(policy, state, PlanReason.PERIODIC, periodic));

        assertThat(fromOperator).as("plans issued over %d s", SECONDS).hasSizeGreaterThan(DEVICES);
        assertThat(fromOperator.stream().map(p -> p.getReason()).distinct().toList())
                .contains(PlanReason.NETWORK_CHANGE);
        assertThat(direct).isEqualTo(fromOperator);
    }

    /**
     * Telemetry arrives 300 ms into each second; the operator's periodic re-solve runs a whole
     * interval after the first.
     */
    private static long arrival(int second) {
        return 10_000 + second * 1_000L + 300;
    }

    private static List<Plan> replan(
            OnlinePlanner policy, InMemoryPlannerState state, PlanReason reason, long at) {
        return policy.replan(state, reason, at).map(CellPlanner.Replan::plans).orElse(List.of());
    }

    /**
     * Six devices of mixed classes and kinds on links that wander, with a collapse and a recovery,
     * and queues.
     */
    private static List<List<Telemetry>> telemetry() {
        SplittableRandom random = new SplittableRandom(11);
        String[] classes = {"mcu", "rpi-zero", "rpi4"};
        List<List<Telemetry>> windows = new ArrayList<>();
        for (int second = 0; second < SECONDS; second++) {
            List<Telemetry> window = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                double link = (1 + i) * 1e6 * (0.7 + 0.6 * random.nextDouble());
                if (i == 0 && second >= 10 && second < 18) {
                    link = 60e3; // cam-0's link collapses for 8 s
                }
                long end = arrival(second) * 1000;
                window.add(
                        Telemetry.newBuilder()
                                .setDeviceId("cam-" + i)
                                .setDeviceClass(classes[i % 3])
                                .setTaskKind(
                                        i % 2 == 0
                                                ? TaskKind.ACCURACY_SENSITIVE
                                                : TaskKind.LATENCY_SENSITIVE)
                                .setDeadlineMs(i % 2 == 0 ? 200 : 60)
                                .setWindowStartMicros(end - 1_000_000)
                                .setWindowEndMicros(end)
                                .setUplinkThroughputBps(link)
                                .setRttMs(10 + 5 * i)
                                .setHeadComputeMs(3)
                                .setFramesSent(10)
                                .setFramesDropped(0)
                                .setQueueLength(random.nextInt(4))
                                .setFrameRateHz(10 + 2 * i)
                                .setPlanEpoch(0)
                                .build());
            }
            windows.add(window);
        }
        return windows;
    }
}
