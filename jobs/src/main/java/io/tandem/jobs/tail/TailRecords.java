package io.tandem.jobs.tail;

import io.tandem.connectors.kafka.DeadLetters;
import io.tandem.models.Tensor;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.RequestLatency;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The records one answered request becomes: its result and its latency breakdown. Pure. */
final class TailRecords {

    static final int TOP_K = 3;

    /** When a batch ran (epoch microseconds) and how many requests it held. */
    record BatchRun(long startedMicros, long doneMicros, int size) {}

    private TailRecords() {}

    static InferenceResult result(TailRequest r, Tensor logits, BatchRun run) {
        return InferenceResult.newBuilder()
                .setDeviceId(r.deviceId)
                .setFrameId(r.frameId)
                .setPredictedClass(logits.argmax(0))
                .setTopK(TopClasses.of(logits, TOP_K))
                .setModelId(r.modelId)
                .setVersion(r.version)
                .setPartition(r.partition)
                .setCodec(r.codec)
                .setPlanEpoch(r.planEpoch)
                .setCapturedAtMicros(r.capturedAtMicros)
                .setHeadDoneAtMicros(r.headDoneAtMicros)
                .setSentAtMicros(r.sentAtMicros)
                .setReceivedAtMicros(r.receivedAtMicros)
                .setTailStartedAtMicros(run.startedMicros())
                .setTailDoneAtMicros(run.doneMicros())
                .setBatchSize(run.size())
                .build();
    }

    static MonitorEvent latency(String source, TailRequest r, BatchRun run) {
        RequestLatency body =
                RequestLatency.newBuilder()
                        .setDeviceId(r.deviceId)
                        .setFrameId(r.frameId)
                        .setVersion(r.version)
                        .setPartition(r.partition)
                        .setCodec(r.codec)
                        .setPayloadBytes(r.payloadBytes)
                        .setHeadMs(millis(r.headDoneAtMicros - r.capturedAtMicros))
                        .setUplinkMs(millis(r.receivedAtMicros - r.headDoneAtMicros))
                        .setQueueMs(millis(run.startedMicros() - r.receivedAtMicros))
                        .setEdgeComputeMs(millis(run.doneMicros() - run.startedMicros()))
                        .setTotalMs(millis(run.doneMicros() - r.capturedAtMicros))
                        .setBatchSize(run.size())
                        .build();
        return MonitorEvent.newBuilder()
                .setEventTimeMicros(run.doneMicros())
                .setSource(source)
                .setBody(body)
                .build();
    }

    /**
     * A request the tail could not run: named by where its frame was read (the record stays in the
     * features topic; its bytes are not carried this far), the device as key.
     */
    static DeadLetter deadLetter(TailRequest r, String error, BatchRun run) {
        return DeadLetters.of(
                r.sourceTopic == null ? "" : r.sourceTopic,
                r.sourcePartition,
                r.sourceOffset,
                r.deviceId.getBytes(StandardCharsets.UTF_8),
                null,
                DeadLetterReason.PROCESSING_ERROR,
                "tail slice " + r.slice() + " failed on frame " + r.frameId + ": " + error,
                "tail",
                Clock.fixed(
                        Instant.EPOCH.plus(run.doneMicros(), ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
