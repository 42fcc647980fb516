package io.tandem.connectors;

import io.tandem.schema.ClassScore;
import io.tandem.schema.Compression;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.PlanReason;
import io.tandem.schema.Quantization;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.ScalarType;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * One realistic instance of each contract record, varied by a seed so tests can tell them apart.
 */
public final class SampleRecords {

    private SampleRecords() {}

    public static FeatureFrame featureFrame(String deviceId, long frameId) {
        byte[] payload = new byte[64];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7 + frameId);
        }
        return FeatureFrame.newBuilder()
                .setDeviceId(deviceId)
                .setFrameId(frameId)
                .setModelId("fmnist-resnet")
                .setVersion("w50")
                .setPartition(2)
                .setCodec("int8-pc")
                .setShape(List.of(1, 4, 4, 4))
                .setDtype(ScalarType.INT8)
                .setQuantization(
                        Quantization.newBuilder()
                                .setAxis(1)
                                .setScales(List.of(0.02f, 0.03f, 0.01f, 0.05f))
                                .setZeroPoints(List.of(0, 1, -2, 3))
                                .build())
                .setCompression(Compression.NONE)
                .setPayload(ByteBuffer.wrap(payload))
                .setPlanEpoch(3)
                .setCapturedAtMicros(1_700_000_000_000_000L + frameId)
                .setHeadDoneAtMicros(1_700_000_000_004_000L + frameId)
                .setSentAtMicros(1_700_000_000_005_000L + frameId)
                .build();
    }

    public static Telemetry telemetry(String deviceId, long window) {
        return Telemetry.newBuilder()
                .setDeviceId(deviceId)
                .setDeviceClass("rpi4")
                .setTaskKind(TaskKind.LATENCY_SENSITIVE)
                .setDeadlineMs(120.0)
                .setWindowStartMicros(window * 1_000_000L)
                .setWindowEndMicros((window + 1) * 1_000_000L)
                .setUplinkThroughputBps(8.5e6)
                .setRttMs(23.5)
                .setHeadComputeMs(4.2)
                .setFramesSent(30)
                .setFramesDropped(1)
                .setQueueLength(2)
                .setFrameRateHz(30.0)
                .setPlanEpoch(3)
                .setEnergyJoules(window % 2 == 0 ? 1.25 : null)
                .build();
    }

    public static Plan plan(String deviceId, long epoch) {
        return Plan.newBuilder()
                .setDeviceId(deviceId)
                .setEpoch(epoch)
                .setModelId("fmnist-resnet")
                .setVersion("w" + (25 * (1 + epoch % 4)))
                .setPartition((int) (epoch % 5))
                .setCodec("int8")
                .setUplinkBandwidthBps(2e6 + epoch)
                .setEdgeComputeShare(0.25)
                .setFrameRateHz(15.0)
                .setValidFromMicros(1_700_000_000_000_000L + epoch)
                .setReason(epoch == 1 ? PlanReason.INITIAL : PlanReason.NETWORK_CHANGE)
                .setSolver("tandem")
                .setExpectedLatencyMs(42.0)
                .setExpectedAccuracy(0.91)
                .build();
    }

    public static InferenceResult inferenceResult(String deviceId, long frameId) {
        return InferenceResult.newBuilder()
                .setDeviceId(deviceId)
                .setFrameId(frameId)
                .setPredictedClass(7)
                .setTopK(
                        List.of(
                                new ClassScore(7, 0.8f),
                                new ClassScore(5, 0.15f),
                                new ClassScore(9, 0.05f)))
                .setModelId("fmnist-resnet")
                .setVersion("w50")
                .setPartition(2)
                .setCodec("int8-pc")
                .setPlanEpoch(3)
                .setCapturedAtMicros(1_700_000_000_000_000L)
                .setHeadDoneAtMicros(1_700_000_000_004_000L)
                .setSentAtMicros(1_700_000_000_005_000L)
                .setReceivedAtMicros(1_700_000_000_015_000L)
                .setTailStartedAtMicros(1_700_000_000_016_000L)
                .setTailDoneAtMicros(1_700_000_000_019_000L)
                .setBatchSize(4)
                .build();
    }

    public static List<MonitorEvent> monitorEvents(String deviceId) {
        MonitorEvent latency =
                new MonitorEvent(
                        1L,
                        "edge/tail-0",
                        RequestLatency.newBuilder()
                                .setDeviceId(deviceId)
                                .setFrameId(9)
                                .setVersion("w50")
                                .setPartition(2)
                                .setCodec("int8")
                                .setPayloadBytes(512)
                                .setHeadMs(4)
                                .setUplinkMs(10)
                                .setQueueMs(1)
                                .setEdgeComputeMs(3)
                                .setTotalMs(18)
                                .setBatchSize(4)
                                .setDeadlineMs(50.0)
                                .build());
        MonitorEvent change =
                new MonitorEvent(
                        2L,
                        "planner",
                        PlanChange.newBuilder()
                                .setPlan(plan(deviceId, 4))
                                .setPreviousEpoch(3L)
                                .setObjective(1.5)
                                .setGapBound(0.001)
                                .setSolveMicros(850)
                                .build());
        MonitorEvent load =
                new MonitorEvent(
                        3L,
                        "edge/tail-0",
                        EdgeLoad.newBuilder()
                                .setWindowMs(1000)
                                .setUtilization(0.6)
                                .setRequestsPerSecond(120)
                                .setQueueLengths(Map.of("w50/2", 3))
                                .build());
        return List.of(latency, change, load);
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setTopic("tandem.features")
                .setPartition(2)
                .setOffset(41)
                .setOriginalKey(ByteBuffer.wrap(new byte[] {'d', '1'}))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setReason(DeadLetterReason.UNDECODABLE)
                .setMessage("bad header")
                .setStage("decode")
                .setFailedAtMicros(5L)
                .build();
    }
}
