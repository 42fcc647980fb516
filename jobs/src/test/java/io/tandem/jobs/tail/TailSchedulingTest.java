package io.tandem.jobs.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.Tensor;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.RequestLatency;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tail operator's scheduling alone: batches run on the task thread through a runner that
 * answers class 7 at once, and results are stamped with the harness's processing time, so every
 * figure here is exact, with no model, no threads and no sleeps.
 */
class TailSchedulingTest {

    private static final long[] FEATURE_SHAPE = {1, 4};
    private static OneInputStreamOperatorTestHarness<TailRequest, InferenceResult> harness;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aContendedEdgeServesDevicesExactlyByTheirComputeShares() throws Exception {
        open(
                TailSettings.defaults()
                        .with(TailSettings.MAX_BATCH, 1)
                        .with(TailSettings.MAX_DELAY_US, 0L)
                        .with(TailSettings.QUEUE_CAPACITY, 1_000));
        for (long id = 0; id < 60; id++) {
            harness.processElement(new StreamRecord<>(request("small", id, 0.25)));
            harness.processElement(new StreamRecord<>(request("big", id, 0.75)));
        }
        runMails();
        List<InferenceResult> results = harness.extractOutputValues();
        assertThat(results).hasSize(120);
        long big =
                results.subList(1, 41).stream().filter(r -> r.getDeviceId().equals("big")).count();
        assertThat(big)
                .as("of the first 40 served after the first, at a 3:1 share")
                .isBetween(29L, 31L);
        assertThat(results).allSatisfy(r -> assertThat(r.getPredictedClass()).isEqualTo(7));
    }

    @Test
    void aBatchWaitsForItsDelayThenLatenciesAndLoadAddUp() throws Exception {
        open(
                TailSettings.defaults()
                        .with(TailSettings.MAX_BATCH, 4)
                        .with(TailSettings.MAX_DELAY_US, 3_000L)
                        .with(TailSettings.LOAD_WINDOW_MS, 100L));
        harness.setProcessingTime(10);
        harness.processElement(new StreamRecord<>(request("cam-1", 1, 0.5)));
        harness.processElement(new StreamRecord<>(request("cam-2", 2, 0.5)));
        harness.setProcessingTime(12);
        runMails();
        assertThat(harness.extractOutputValues()).as("2 of 4, younger than 3 ms").isEmpty();
        harness.setProcessingTime(13);
        runMails();
        assertThat(harness.extractOutputValues())
                .extracting(InferenceResult::getBatchSize)
                .containsExactly(2, 2);
        assertThat(harness.extractOutputValues())
                .allSatisfy(r -> assertThat(r.getTailStartedAtMicros()).isEqualTo(13_000));

        harness.setProcessingTime(100);
        runMails();
        List<Object> bodies = new ArrayList<>();
        harness.getSideOutput(TailInferenceOperator.MONITORING)
                .forEach(r -> bodies.add(r.getValue().getBody()));
        assertThat(bodies)
                .filteredOn(RequestLatency.class::isInstance)
                .hasSize(2)
                .allSatisfy(
                        b -> {
                            RequestLatency l = (RequestLatency) b;
                            assertThat(l.getQueueMs()).isEqualTo(13 - 10.5);
                            assertThat(
                                            l.getHeadMs()
                                                    + l.getUplinkMs()
                                                    + l.getQueueMs()
                                                    + l.getEdgeComputeMs())
                                    .isEqualTo(l.getTotalMs());
                        });
        EdgeLoad load =
                (EdgeLoad)
                        bodies.stream()
                                .filter(EdgeLoad.class::isInstance)
                                .findFirst()
                                .orElseThrow();
        assertThat(load.getWindowMs()).isEqualTo(100);
        assertThat(load.getRequestsPerSecond()).isEqualTo(20.0);
        assertThat(load.getQueueLengths()).containsEntry("v/p1", 0);
    }

    @Test
    void aFrameTheRunnerFailsOnIsDeadLetteredAndItsBatchmatesAreAnswered() throws Exception {
        open(
                TailSettings.defaults().with(TailSettings.MAX_BATCH, 3),
                threads -> new FailsOnNegativeFeatures());
        TailRequest poison = request("cam-2", 2, 0.5);
        poison.features = new float[] {-1, 0, 0, 0};
        poison.sourceTopic = "t.features";
        poison.sourceOffset = 42;
        harness.processElement(new StreamRecord<>(request("cam-1", 1, 0.5)));
        harness.processElement(new StreamRecord<>(poison));
        harness.processElement(new StreamRecord<>(request("cam-3", 3, 0.5)));
        runMails();

        assertThat(harness.extractOutputValues())
                .extracting(InferenceResult::getFrameId)
                .containsExactly(1L, 3L);
        assertThat(harness.getSideOutput(TailInferenceOperator.DEAD_LETTERS))
                .singleElement()
                .satisfies(
                        r -> {
                            DeadLetter d = r.getValue();
                            assertThat(d.getReason()).isEqualTo(DeadLetterReason.PROCESSING_ERROR);
                            assertThat(d.getOffset()).isEqualTo(42);
                            assertThat(d.getStage()).isEqualTo("tail");
                            assertThat(d.getMessage()).contains("frame 2", "negative");
                        });
    }

    private static void open(TailSettings settings) throws Exception {
        open(settings, threads -> new AnswersSeven());
    }

    private static void open(TailSettings settings, TailRunner.Factory answersSeven)
            throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new TailInferenceOperator(
                                answersSeven,
                                settings,
                                (instances, name) -> Runnable::run,
                                TailSchedulingTest::harnessMicros));
        harness.setProcessingTime(0);
        harness.open();
    }

    private static long harnessMicros() {
        return harness.getProcessingTime() * 1000;
    }

    /**
     * Stamped as if captured at 10 ms and received half a millisecond later, on the harness's
     * clock.
     */
    private static TailRequest request(String device, long frameId, double share) {
        TailRequest r = new TailRequest();
        r.deviceId = device;
        r.frameId = frameId;
        r.modelId = "m";
        r.version = "v";
        r.partition = 1;
        r.codec = "float32";
        r.computeShare = share;
        r.capturedAtMicros = 9_000;
        r.headDoneAtMicros = 10_000;
        r.sentAtMicros = 10_000;
        r.receivedAtMicros = 10_500;
        r.shape = FEATURE_SHAPE;
        r.features = new float[4];
        return r;
    }

    private static void runMails() throws Exception {
        Optional<Mail> mail;
        while ((mail = harness.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
            mail.get().run();
        }
    }

    /** Answers class 7, but fails any batch holding a request whose first feature is negative. */
    private static final class FailsOnNegativeFeatures extends AnswersSeven {

        @Override
        public List<Tensor> run(SliceKey slice, List<Tensor> features) {
            if (features.stream().anyMatch(f -> f.values()[0] < 0)) {
                throw new IllegalStateException("negative input");
            }
            return super.run(slice, features);
        }
    }

    private static class AnswersSeven implements TailRunner {

        @Override
        public List<Tensor> run(SliceKey slice, List<Tensor> features) {
            float[] logits = new float[10];
            logits[7] = 1;
            return features.stream()
                    .map(f -> new Tensor(logits.clone(), new long[] {1, 10}))
                    .toList();
        }

        @Override
        public double cost(SliceKey slice) {
            return 1;
        }

        @Override
        public void warmUp() {}

        @Override
        public void close() {}
    }
}
