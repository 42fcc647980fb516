package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.InferenceResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class OwnRecordReaderTest {

    private static final String TOPIC = "t.results";
    private static final AvroWireFormat<InferenceResult> WIRE =
            AvroWireFormat.of(InferenceResult.class);

    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final OwnRecordReader<InferenceResult> reader =
            new OwnRecordReader<>(
                    "cam-1",
                    InferenceResult.class,
                    deadLetters::add,
                    Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(
                TOPIC, 2, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void decodesOnlyItsOwnRecordsInOrder() {
        List<InferenceResult> own =
                reader.read(
                        List.of(
                                record(0, "cam-1", WIRE.encode(Answers.of("cam-1", 4, 1, 0))),
                                record(1, "cam-2", WIRE.encode(Answers.of("cam-2", 5, 1, 0))),
                                record(2, "cam-1", WIRE.encode(Answers.of("cam-1", 6, 1, 0)))));
        assertThat(own).extracting(InferenceResult::getFrameId).containsExactly(4L, 6L);
        assertThat(reader.othersSkipped()).isEqualTo(1);
    }

    @Test
    void otherDevicesRecordsAreNotEvenDecoded() {
        List<InferenceResult> own =
                reader.read(
                        List.of(
                                record(0, "cam-2", "not avro".getBytes(StandardCharsets.UTF_8)),
                                record(1, null, "no key".getBytes(StandardCharsets.UTF_8))));
        assertThat(own).isEmpty();
        assertThat(deadLetters).as("garbage that is not ours is no concern of ours").isEmpty();
        assertThat(reader.othersSkipped()).isEqualTo(2);
    }

    @Test
    void anUndecodableOwnRecordIsDeadLetteredAndReadingGoesOn() {
        List<InferenceResult> own =
                reader.read(
                        List.of(
                                record(7, "cam-1", "not a result".getBytes(StandardCharsets.UTF_8)),
                                record(8, "cam-1", null),
                                record(9, "cam-1", WIRE.encode(Answers.of("cam-1", 3, 1, 0)))));
        assertThat(own)
                .as("tombstone skipped, the record after the garbage read")
                .extracting(InferenceResult::getFrameId)
                .containsExactly(3L);
        assertThat(deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.getStage()).isEqualTo("device/cam-1");
                            assertThat(d.getTopic()).isEqualTo(TOPIC);
                            assertThat(d.getPartition()).isEqualTo(2);
                            assertThat(d.getOffset()).isEqualTo(7);
                            assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE);
                            assertThat(
                                            StandardCharsets.UTF_8
                                                    .decode(d.getOriginalValue())
                                                    .toString())
                                    .isEqualTo("not a result");
                        });
    }
}
