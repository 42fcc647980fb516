package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.identity.RecordSignature;
import io.tandem.connectors.identity.RecordSigner;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.Plan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void withAKeyOnlyPlansSignedForThisDeviceAreFollowed(@TempDir Path dir) {
        FleetSecret secret = FleetSecret.in(dir);
        AvroWireFormat<Plan> plans = AvroWireFormat.of(Plan.class);
        OwnRecordReader<Plan> reader =
                new OwnRecordReader<>(
                                "cam-1",
                                Plan.class,
                                deadLetters::add,
                                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                        .signedWith(Optional.of(secret.signingKey("cam-1")), TandemTopic.PLANS);
        RecordSigner edge = new RecordSigner(secret, TandemTopic.PLANS);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        for (long epoch = 1; epoch <= 3; epoch++) {
            Plan plan = SafeDefaultPlan.of("cam-1", "fmnist-resnet", "w100", 2, "int8", 15);
            plan.setEpoch(epoch);
            byte[] value = plans.encode(plan);
            ConsumerRecord<byte[], byte[]> record = record(epoch, "cam-1", value);
            if (epoch == 1) {
                edge.sign("cam-1", value, record.headers()); // from the edge
            } else if (epoch == 2) {
                // forged by a device with its own key
                RecordSignature.attach(
                        record.headers(), secret.signingKey("cam-2"), TandemTopic.PLANS, value);
            } // epoch 3: unsigned
            read.add(record);
        }

        assertThat(reader.read(read)).extracting(Plan::getEpoch).containsExactly(1L);
        assertThat(deadLetters)
                .extracting(DeadLetter::getReason, DeadLetter::getMessage)
                .containsExactly(
                        tuple(DeadLetterReason.UNAUTHENTICATED, "signature is not device cam-1's"),
                        tuple(
                                DeadLetterReason.UNAUTHENTICATED,
                                "unsigned record for device cam-1"));
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
