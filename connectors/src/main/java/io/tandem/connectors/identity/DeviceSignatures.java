package io.tandem.connectors.identity;

import io.tandem.connectors.topics.TandemTopic;
import java.io.Serializable;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The check the edge makes of every record on a device-keyed topic when it holds the fleet secret:
 * the value's {@code deviceId} is the record's key and the device's signature is attached. A device
 * can then speak only for itself, whatever topic rights its Kafka principal has.
 */
public final class DeviceSignatures implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String DEVICE_FIELD = "deviceId";

    private final FleetSecret secret;
    private final TandemTopic topic;

    public DeviceSignatures(FleetSecret secret, TandemTopic topic) {
        this.secret = secret;
        this.topic = topic;
    }

    /** Why {@code record}, decoded as {@code value}, is not authentic, or empty when it is. */
    public Optional<String> problem(
            ConsumerRecord<byte[], byte[]> record, SpecificRecordBase value) {
        Schema.Field field = value.getSchema().getField(DEVICE_FIELD);
        if (field == null) {
            throw new IllegalArgumentException(
                    value.getSchema().getName() + " names no device to check a signature against");
        }
        String device = String.valueOf(value.get(field.pos()));
        return RecordSignature.problem(
                secret.signingKey(device),
                topic,
                device,
                record.key(),
                record.value(),
                record.headers());
    }
}
