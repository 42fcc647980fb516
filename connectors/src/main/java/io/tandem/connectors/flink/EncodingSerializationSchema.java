package io.tandem.connectors.flink;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.identity.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
    private final RecordSigner signer;

    public EncodingSerializationSchema(String topic, Class<T> type, RecordKey<T> key) {
        this(topic, type, key, Optional.empty());
    }

    /** With a {@code signer}, each record carries the signature of the device it is keyed by. */
    public EncodingSerializationSchema(
            String topic, Class<T> type, RecordKey<T> key, Optional<RecordSigner> signer) {
        this.topic = topic;
        this.format = AvroWireFormat.of(type);
        this.key = key;
        this.signer = signer.orElse(null);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        String k = key.of(element);
        byte[] value = format.encode(element);
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(
                        topic,
                        null,
                        timestamp,
                        k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                        value);
        if (signer != null) {
            signer.sign(k, value, record.headers());
        }
        return record;
    }
}
