package io.tandem.connectors.kafka;

import io.tandem.connectors.avro.AvroWireFormat;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for a Tandem record type, in the shared wire format. */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final AvroWireFormat<T> format;

    public AvroSerializer(Class<T> type) {
        this.format = AvroWireFormat.of(type);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        // Null stays null: it is a tombstone on compacted topics.
        return record == null ? null : format.encode(record);
    }
}
