package io.tandem.connectors.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.connectors.SampleRecords;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class AvroWireFormatTest {

    private final AvroWireFormat<FeatureFrame> frames = AvroWireFormat.of(FeatureFrame.class);

    @Test
    void everyRecordTypeRoundTripsEqual() throws Exception {
        List<SpecificRecordBase> samples =
                new java.util.ArrayList<>(
                        List.of(
                                SampleRecords.featureFrame("cam-1", 5),
                                SampleRecords.telemetry("cam-1", 2),
                                SampleRecords.plan("cam-1", 3),
                                SampleRecords.inferenceResult("cam-1", 5),
                                SampleRecords.deadLetter()));
        samples.addAll(SampleRecords.monitorEvents("cam-1"));
        for (SpecificRecordBase sample : samples) {
            assertThat(roundTrip(sample)).isEqualTo(sample);
        }
    }

    @Test
    void encodingStartsWithTheSingleObjectMarkerAndFingerprint() {
        byte[] bytes = frames.encode(SampleRecords.featureFrame("cam-1", 1));
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint =
                org.apache.avro.SchemaNormalization.parsingFingerprint64(
                        FeatureFrame.getClassSchema());
        long onWire = 0;
        for (int i = 9; i >= 2; i--) {
            onWire = (onWire << 8) | (bytes[i] & 0xFF); // little-endian
        }
        assertThat(onWire).isEqualTo(fingerprint);
    }

    @Test
    void emptyAndForeignBytesAreUndecodable() {
        assertReason(new byte[0], DeadLetterReason.UNDECODABLE);
        assertReason(null, DeadLetterReason.UNDECODABLE);
        assertReason("{\"deviceId\":\"cam-1\"}".getBytes(), DeadLetterReason.UNDECODABLE);
    }

    @Test
    void anotherRecordTypeIsAnUnknownSchema() {
        byte[] plan = AvroWireFormat.of(Plan.class).encode(SampleRecords.plan("cam-1", 1));
        WireFormatException e =
                catchThrowableOfType(WireFormatException.class, () -> frames.decode(plan));
        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
        assertThat(e.getMessage()).contains("FeatureFrame");
    }

    @Test
    void everyTruncationOfAValidRecordIsRejectedNotCrashed() {
        byte[] bytes = frames.encode(SampleRecords.featureFrame("cam-1", 1));
        for (int length = 1; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> frames.decode(cut))
                    .as("prefix of %d bytes", length)
                    .isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void randomBodiesBehindAValidHeaderNeverEscapeAsAnythingButWireFormatException() {
        byte[] valid = frames.encode(SampleRecords.featureFrame("cam-1", 1));
        Random random = new Random(42);
        int rejected = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = Arrays.copyOf(valid, 10 + random.nextInt(200));
            for (int j = 10; j < garbage.length; j++) {
                garbage[j] = (byte) random.nextInt();
            }
            try {
                frames.decode(garbage);
            } catch (WireFormatException e) {
                rejected++;
                assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
            }
        }
        // Random bytes almost never form a valid frame; most must have been rejected.
        assertThat(rejected).isGreaterThan(1_900);
    }

    @Test
    void monitorEventUnionBranchesSurviveTheWire() throws Exception {
        AvroWireFormat<MonitorEvent> monitor = AvroWireFormat.of(MonitorEvent.class);
        for (MonitorEvent event : SampleRecords.monitorEvents("cam-2")) {
            MonitorEvent back = monitor.decode(monitor.encode(event));
            assertThat(back.getBody().getClass()).isEqualTo(event.getBody().getClass());
        }
    }

    @Test
    void aLengthPrefixFarBeyondTheRecordIsRejectedBeforeAnythingIsAllocated() {
        byte[] header = Arrays.copyOf(frames.encode(SampleRecords.featureFrame("cam-1", 1)), 10);
        // The first field, the device id, claims 1.5e9 bytes: 18 bytes in all.
        byte[] bomb = Arrays.copyOf(header, 18);
        int at = 10;
        for (long zigzag = 2 * 1_500_000_000L; ; zigzag >>>= 7) {
            if (zigzag < 0x80) {
                bomb[at++] = (byte) zigzag;
                break;
            }
            bomb[at++] = (byte) ((zigzag & 0x7f) | 0x80);
        }
        WireFormatException e =
                catchThrowableOfType(WireFormatException.class, () -> frames.decode(bomb));
        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(e.getMessage())
                .as("refused by the limit, not by running out of bytes")
                .contains("SystemLimitException");
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecordBase> T roundTrip(T record) throws WireFormatException {
        AvroWireFormat<T> format = AvroWireFormat.of((Class<T>) record.getClass());
        return format.decode(format.encode(record));
    }

    private void assertReason(byte[] bytes, DeadLetterReason reason) {
        WireFormatException e =
                catchThrowableOfType(WireFormatException.class, () -> frames.decode(bytes));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
    }
}
