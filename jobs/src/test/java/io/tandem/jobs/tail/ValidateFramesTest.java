package io.tandem.jobs.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.Plan;
import io.tandem.testkit.Plans;
import io.tandem.testkit.Zoo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Validation per device in Flink's keyed two-input harness: dead-letter reasons, epochs and shares
 * from plans.
 */
class ValidateFramesTest {

    @Test
    void badFramesBecomeDeadLettersWithReasonsWhileGoodOnesAroundThemGoOn() throws Exception {
        try (var harness = harness()) {
            harness.processElement2(new StreamRecord<>(Plans.plan("cam-1", 5, 0.4)));
            harness.processElement1(
                    new StreamRecord<>(received(Zoo.frame("cam-1", 1, "w100", 3, "int8", 5), 10)));
            harness.processElement1(
                    new StreamRecord<>(
                            received(
                                    FeatureFrame.newBuilder(
                                                    Zoo.frame("cam-1", 2, "w100", 3, "int8", 5))
                                            .setVersion("w75")
                                            .build(),
                                    11)));
            ReceivedFrame undecodable =
                    received(
                            FeatureFrame.newBuilder(Zoo.frame("cam-1", 3, "w100", 3, "int8", 5))
                                    .setPayload(ByteBuffer.wrap(new byte[7]))
                                    .build(),
                            12);
            harness.processElement1(new StreamRecord<>(undecodable));
            harness.processElement1(
                    new StreamRecord<>(received(Zoo.frame("cam-1", 4, "w100", 3, "int8", 2), 13)));
            harness.processElement1(
                    new StreamRecord<>(received(Zoo.frame("cam-1", 5, "w100", 3, "int8", 3), 14)));

            List<TailRequest> passed = harness.extractOutputValues();
            assertThat(passed)
                    .extracting(r -> r.frameId)
                    .as("frame 4, sent under an older plan, is answered too")
                    .containsExactly(1L, 4L, 5L);
            assertThat(passed.get(0).computeShare).as("from the device's plan").isEqualTo(0.4);
            assertThat(passed.get(0).features).hasSize(32 * 14 * 14);

            List<DeadLetter> dead =
                    harness.getSideOutput(ValidateFrames.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(dead)
                    .extracting(DeadLetter::getReason)
                    .containsExactly(
                            DeadLetterReason.UNKNOWN_VERSION, DeadLetterReason.UNDECODABLE);
            assertThat(dead).extracting(DeadLetter::getOffset).containsExactly(11L, 12L);
            assertThat(dead.get(1).getOriginalValue())
                    .as("the bytes read, not a re-encoding")
                    .isEqualTo(ByteBuffer.wrap(undecodable.value));
            assertThat(dead)
                    .allSatisfy(
                            d -> {
                                assertThat(d.getStage()).isEqualTo("validate");
                                assertThat(d.getMessage()).isNotBlank();
                                assertThat(d.getOriginalKey())
                                        .isEqualTo(
                                                ByteBuffer.wrap(
                                                        "cam-1".getBytes(StandardCharsets.UTF_8)));
                            });
        }
    }

    @Test
    void anOlderPlanReplayedFromTheCompactedTopicDoesNotWinOverANewerOne() throws Exception {
        try (var harness = harness()) {
            harness.processElement2(new StreamRecord<>(Plans.plan("cam-2", 7, 0.6)));
            harness.processElement2(new StreamRecord<>(Plans.plan("cam-2", 3, 0.1)));
            harness.processElement1(
                    new StreamRecord<>(received(Zoo.frame("cam-2", 1, "w50", 0, "int8", 7), 1)));
            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(r -> assertThat(r.computeShare).isEqualTo(0.6));
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, ReceivedFrame, Plan, TailRequest>
            harness() throws Exception {
        var harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new ValidateFrames(Zoo.manifestFile().toString(), 64 * 1024),
                        (ReceivedFrame f) -> f.frame.getDeviceId(),
                        Plan::getDeviceId,
                        Types.STRING);
        harness.open();
        return harness;
    }

    private static ReceivedFrame received(FeatureFrame frame, long offset) {
        // As read off Kafka: the key and the bytes the frame was decoded from.
        byte[] value = AvroWireFormat.of(FeatureFrame.class).encode(frame);
        return new ReceivedFrame(
                frame,
                "it.features",
                0,
                offset,
                frame.getDeviceId().getBytes(StandardCharsets.UTF_8),
                value,
                System.currentTimeMillis() * 1000);
    }
}
