package io.tandem.connectors.kafka;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.avro.WireFormatException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for a Tandem record type. Bad bytes raise a {@link
 * RecordDecodingException}; the consumer wraps it in Kafka's {@code
 * RecordDeserializationException}, which names the partition and offset and keeps the raw bytes, so
 * a caller can dead-letter the record and seek past it ({@link TolerantPoller}).
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final AvroWireFormat<T> format;

    public AvroDeserializer(Class<T> type) {
        this.format = AvroWireFormat.of(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // a tombstone
        }
        try {
            return format.decode(data);
        } catch (WireFormatException e) {
            throw new RecordDecodingException(topic, e.reason(), e.getMessage());
        }
    }
}
