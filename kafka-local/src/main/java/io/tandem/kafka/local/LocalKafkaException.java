package io.tandem.kafka.local;

/** The local broker could not be started; the message says why in one line. */
public final class LocalKafkaException extends RuntimeException {
    public LocalKafkaException(String message) {
        super(message);
    }

    public LocalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
