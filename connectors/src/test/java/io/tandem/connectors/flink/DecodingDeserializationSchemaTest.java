package io.tandem.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.SampleRecords;
import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.Telemetry;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DecodingDeserializationSchemaTest {

    private static final RecordCheck<Telemetry> NO_NAN_UPLINK =
            new RecordCheck<>(
                    DeadLetterReason.INVALID_TELEMETRY,
                    t ->
                            Double.isNaN(t.getUplinkThroughputBps())
                                    ? Optional.of("uplink is NaN")
                                    : Optional.empty());

    private final DecodingDeserializationSchema<Telemetry> schema =
            new DecodingDeserializationSchema<>(Telemetry.class, NO_NAN_UPLINK, Optional.empty());

    @Test
    void aRecordThatDecodesButFailsTheCheckIsADeadLetterWithTheBytesRead() {
        Telemetry poisoned = SampleRecords.telemetry("cam-1", 1);
        poisoned.setUplinkThroughputBps(Double.NaN);
        byte[] bytes = AvroWireFormat.of(Telemetry.class).encode(poisoned);

        Either<DeadLetter, Telemetry> decoded = schema.decode(record(bytes));

        assertThat(decoded.isLeft()).isTrue();
        DeadLetter letter = decoded.left();
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.INVALID_TELEMETRY);
        assertThat(letter.getMessage()).isEqualTo("uplink is NaN");
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(bytes));
        assertThat(letter.getOffset()).isEqualTo(5);
    }

    @Test
    void aRecordThatPassesIsDecoded() {
        Telemetry fine = SampleRecords.telemetry("cam-1", 1);
        Either<DeadLetter, Telemetry> decoded =
                schema.decode(record(AvroWireFormat.of(Telemetry.class).encode(fine)));
        assertThat(decoded.isRight()).isTrue();
        assertThat(decoded.right()).isEqualTo(fine);
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("t.telemetry", 0, 5, "cam-1".getBytes(), value);
    }
}
