package io.tandem.connectors.identity;

import io.tandem.connectors.topics.TandemTopic;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A value serializer that signs what it writes: the producer hands it the record's headers before
 * they are sealed, so the signature of the exact bytes sent travels with them.
 */
public final class SigningSerializer<T> implements Serializer<T> {

    private final Serializer<T> values;
    private final DeviceSigningKey key;
    private final TandemTopic topic;

    public SigningSerializer(Serializer<T> values, DeviceSigningKey key, TandemTopic topic) {
        this.values = values;
        this.key = key;
        this.topic = topic;
    }

    @Override
    public byte[] serialize(String topicName, T data) {
        throw new IllegalStateException("a signed record needs its headers");
    }

    @Override
    public byte[] serialize(String topicName, Headers headers, T data) {
        byte[] bytes = values.serialize(topicName, headers, data);
        if (bytes != null) {
            RecordSignature.attach(headers, key, topic, bytes);
        }
        return bytes;
    }
}
