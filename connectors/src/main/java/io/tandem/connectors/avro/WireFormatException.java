package io.tandem.connectors.avro;

import io.tandem.schema.DeadLetterReason;

/** Bytes that are not a valid record of the expected type; carries the dead-letter reason. */
public final class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public WireFormatException(DeadLetterReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
