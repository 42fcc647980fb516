package io.tandem.connectors.flink;

import io.tandem.connectors.avro.AvroWireFormat;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Flink Kafka serializer: UTF-8 key from {@link RecordKey}, value in Tandem's wire format. */
public final class EncodingSerializationSchema<T extends SpecificRecordBase>
        implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final AvroWireFormat<T> format;
    private final RecordKey<T> key;

    public EncodingSerializationSchema(String topic, Class<T> type, RecordKey<T> key) {
        this.topic = topic;
        this.format = AvroWireFormat.of(type);
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        String k = key.of(element);
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                format.encode(element));
    }
}
