package io.tandem.connectors.topics;

/** Topics could not be created or are configured in a way Tandem cannot use. */
public final class TopicAdminException extends RuntimeException {
    public TopicAdminException(String message) {
        super(message);
    }

    public TopicAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
