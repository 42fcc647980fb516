package io.tandem.connectors.kafka;

import io.tandem.schema.DeadLetterReason;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A value on {@link #topic()} could not be decoded; {@link #reason()} is its dead-letter reason.
 */
public final class RecordDecodingException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final DeadLetterReason reason;

    public RecordDecodingException(String topic, DeadLetterReason reason, String message) {
        super(topic + ": " + message);
        this.topic = topic;
        this.reason = reason;
    }

    public String topic() {
        return topic;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
