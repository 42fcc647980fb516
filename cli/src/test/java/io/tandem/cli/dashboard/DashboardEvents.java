package io.tandem.cli.dashboard;

import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.PlanReason;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import java.util.List;

/** The records the dashboard folds, for its tests: one latency-sensitive rpi4 device's. */
final class DashboardEvents {

    static final double DEADLINE_MS = 60;

    private DashboardEvents() {}

    /** A telemetry window of {@code device} ending at {@code endSeconds}, at 4 Mbit/s. */
    static Telemetry telemetry(String device, long endSeconds) {
        return Telemetry.newBuilder()
                .setDeviceId(device)
                .setDeviceClass("rpi4")
                .setTaskKind(TaskKind.LATENCY_SENSITIVE)
                .setDeadlineMs(DEADLINE_MS)
                .setWindowStartMicros((endSeconds - 1) * 1_000_000)
                .setWindowEndMicros(endSeconds * 1_000_000)
                .setUplinkThroughputBps(4e6)
                .setRttMs(10)
                .setHeadComputeMs(2)
                .setFramesSent(10)
                .setFramesDropped(0)
                .setQueueLength(0)
                .setHeldVersions(List.of("w25", "w50"))
                .setPendingVersion("w100")
                .build();
    }

    /** One answered request of {@code device}, {@code totalMs} end to end, at {@code atMicros}. */
    static MonitorEvent latency(String device, long frameId, double totalMs, long atMicros) {
        return MonitorEvent.newBuilder()
                .setEventTimeMicros(atMicros)
                .setSource("edge/tail-0")
                .setBody(
                        RequestLatency.newBuilder()
                                .setDeviceId(device)
                                .setFrameId(frameId)
                                .setVersion("w50")
                                .setPartition(2)
                                .setCodec("int8")
                                .setPayloadBytes(100)
                                .setHeadMs(1)
                                .setUplinkMs(2)
                                .setQueueMs(1)
                                .setEdgeComputeMs(1)
                                .setTotalMs(totalMs)
                                .setBatchSize(1)
                                .build())
                .build();
    }

    /** A plan for {@code device}: w50 at partition 2 with int8. */
    static Plan plan(String device, long epoch) {
        return Plan.newBuilder()
                .setDeviceId(device)
                .setEpoch(epoch)
                .setModelId("m")
                .setVersion("w50")
                .setPartition(2)
                .setCodec("int8")
                .setUplinkBandwidthBps(2e6)
                .setEdgeComputeShare(0.5)
                .setFrameRateHz(10)
                .setValidFromMicros(0)
                .setReason(PlanReason.NETWORK_CHANGE)
                .build();
    }

    /** The planner's announcement of {@code plan} at {@code atMicros}. */
    static MonitorEvent planChange(Plan plan, long atMicros) {
        return MonitorEvent.newBuilder()
                .setEventTimeMicros(atMicros)
                .setSource("planner")
                .setBody(
                        PlanChange.newBuilder()
                                .setPlan(plan)
                                .setObjective(0.3)
                                .setSolveMicros(100)
                                .setCell("north")
                                .build())
                .build();
    }
}
