package io.tandem.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.connectors.SampleRecords;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.Telemetry;
import org.junit.jupiter.api.Test;

class AvroDeserializerTest {

    @Test
    void roundTripsThroughTheKafkaSerdes() {
        Telemetry telemetry = SampleRecords.telemetry("phone-3", 7);
        byte[] bytes = new AvroSerializer<>(Telemetry.class).serialize("t", telemetry);
        assertThat(new AvroDeserializer<>(Telemetry.class).deserialize("t", bytes))
                .isEqualTo(telemetry);
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(new AvroSerializer<>(Telemetry.class).serialize("t", null)).isNull();
        assertThat(new AvroDeserializer<>(Telemetry.class).deserialize("t", null)).isNull();
    }

    @Test
    void garbageRaisesATypedErrorNamingTheTopic() {
        RecordDecodingException e =
                catchThrowableOfType(
                        RecordDecodingException.class,
                        () ->
                                new AvroDeserializer<>(Telemetry.class)
                                        .deserialize("tandem.telemetry", new byte[] {1, 2, 3, 4}));
        assertThat(e.topic()).isEqualTo("tandem.telemetry");
        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(e.getMessage()).startsWith("tandem.telemetry: ");
    }
}
