package io.tandem.jobs.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.Tensor;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.RequestLatency;
import io.tandem.testkit.Zoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tail operator in Flink's operator test harness, on the zoo's real slices. */
class TailInferenceOperatorTest {

    private OneInputStreamOperatorTestHarness<TailRequest, InferenceResult> harness;

    private void open(int maxBatch, long maxDelayMicros, int capacity) throws Exception {
        TailSettings settings =
                TailSettings.defaults()
                        .with(TailSettings.MAX_BATCH, maxBatch)
                        .with(TailSettings.MAX_DELAY_US, maxDelayMicros)
                        .with(TailSettings.QUEUE_CAPACITY, capacity)
                        .with(TailSettings.INTRA_OP_THREADS, 1);
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new TailInferenceOperator(Zoo.ROOT.toString(), Zoo.MODEL, settings));
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aFullBatchRunsAtOnceAndMatchesTheUnbatchedTail() throws Exception {
        open(4, 1_000_000, 64);
        List<TailRequest> requests = new ArrayList<>();
        for (long id = 0; id < 5; id++) {
            requests.add(request("cam-1", id, "w100", 3, "int8", 0.5));
            harness.processElement(new StreamRecord<>(requests.get((int) id)));
        }
        awaitResults(4);
        runMails();
        assertThat(harness.extractOutputValues())
                .as("the fifth waits for its batch to fill")
                .hasSize(4);
        harness.setProcessingTime(1_000);
        List<InferenceResult> results = awaitResults(5);
        assertThat(results)
                .extracting(InferenceResult::getBatchSize)
                .containsExactly(4, 4, 4, 4, 1);
        OnnxTailRunner reference = new OnnxTailRunner(Zoo.repository());
        for (InferenceResult r : results) {
            TailRequest sent = requests.get((int) r.getFrameId());
            Tensor alone =
                    reference.run(new SliceKey("w100", 3, false), List.of(sent.tensor())).get(0);
            assertThat(r.getPredictedClass()).isEqualTo(alone.argmax(0));
            assertThat(r.getTopK()).hasSize(3);
            assertThat(r.getTopK().get(0).getClassIndex()).isEqualTo(r.getPredictedClass());
            assertThat(r.getTailDoneAtMicros()).isGreaterThanOrEqualTo(r.getTailStartedAtMicros());
        }
        long correct =
                results.stream()
                        .filter(r -> r.getPredictedClass() == Zoo.label(r.getFrameId()))
                        .count();
        assertThat(correct).as("the real model answers").isGreaterThanOrEqualTo(4);
    }

    @Test
    void aPartialBatchWaitsForTheMaxQueueDelay() throws Exception {
        open(8, 5_000, 64);
        harness.processElement(new StreamRecord<>(request("cam-1", 1, "w50", 2, "float16", 0.5)));
        harness.processElement(new StreamRecord<>(request("cam-2", 2, "w50", 2, "float16", 0.5)));
        runMails();
        assertThat(harness.extractOutputValues()).as("2 of 8, younger than 5 ms").isEmpty();
        harness.setProcessingTime(4);
        runMails();
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(5);
        List<InferenceResult> results = awaitResults(2);
        assertThat(results).extracting(InferenceResult::getBatchSize).containsExactly(2, 2);
        assertThat(results)
                .extracting(InferenceResult::getDeviceId)
                .containsExactlyInAnyOrder("cam-1", "cam-2");
    }

    @Test
    void aContendedEdgeServesDevicesByTheirComputeShares() throws Exception {
        open(1, 0, 1_000);
        // 'big' holds three times the compute share of 'small'; both send 60 requests at once.
        for (long id = 0; id < 60; id++) {
            harness.processElement(
                    new StreamRecord<>(request("small", id, "w100", 1, "int8", 0.25)));
            harness.processElement(new StreamRecord<>(request("big", id, "w100", 1, "int8", 0.75)));
        }
        List<InferenceResult> results = awaitResults(120);
        List<InferenceResult> first40 = results.subList(1, 41);
        long big = first40.stream().filter(r -> r.getDeviceId().equals("big")).count();
        assertThat(big).as("of the first 40 served after the first").isBetween(28L, 32L);
    }

    @Test
    void everyRequestIsAnsweredBeforeACheckpointBarrierAndReportedOnMonitoring() throws Exception {
        open(8, 60_000_000, 64);
        for (long id = 0; id < 5; id++) {
            harness.processElement(
                    new StreamRecord<>(request("cam-" + id, id, "w25", 6, "float32", 0.2)));
        }
        harness.prepareSnapshotPreBarrier(1);
        assertThat(harness.extractOutputValues()).hasSize(5);
        harness.setProcessingTime(1_000);
        runMails();
        List<Object> monitoring = new ArrayList<>();
        harness.getSideOutput(TailInferenceOperator.MONITORING)
                .forEach(r -> monitoring.add(r.getValue().getBody()));
        assertThat(monitoring)
                .filteredOn(RequestLatency.class::isInstance)
                .hasSize(5)
                .allSatisfy(b -> assertThat(((RequestLatency) b).getTotalMs()).isPositive());
        EdgeLoad load =
                (EdgeLoad)
                        monitoring.stream()
                                .filter(EdgeLoad.class::isInstance)
                                .findFirst()
                                .orElseThrow();
        assertThat(load.getRequestsPerSecond()).isEqualTo(5.0);
        assertThat(load.getUtilization()).isBetween(0.0, 1.0);
    }

    private static TailRequest request(
            String device,
            long frameId,
            String version,
            int partition,
            String codec,
            double share) {
        FeatureFrame frame = Zoo.frame(device, frameId, version, partition, codec, 1);
        FrameCheck.Accepted accepted =
                (FrameCheck.Accepted)
                        new FrameCheck(Zoo.repository().manifest(), 1 << 20).check(frame);
        ReceivedFrame received =
                new ReceivedFrame(
                        frame, "features", 0, frameId, null, null, frame.getSentAtMicros() + 500);
        return TailRequest.of(received, accepted, share);
    }

    /**
     * Runs the task's mails (finished batches) until {@code count} results are out, or fails after
     * 20 s.
     */
    private List<InferenceResult> awaitResults(int count) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (harness.extractOutputValues().size() < count
                && System.currentTimeMillis() < deadline) {
            if (!runOneMail()) {
                Thread.sleep(1);
            }
        }
        assertThat(harness.extractOutputValues()).hasSize(count);
        return harness.extractOutputValues();
    }

    private void runMails() throws Exception {
        Thread.sleep(50);
        while (runOneMail()) {
            Thread.sleep(5);
        }
    }

    private boolean runOneMail() throws Exception {
        Optional<Mail> mail = harness.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY);
        if (mail.isPresent()) {
            mail.get().run();
            return true;
        }
        return false;
    }
}
