package io.tandem.connectors.flink;

import io.tandem.schema.DeadLetterReason;
import java.io.Serializable;
import java.util.Optional;
import java.util.function.Function;

/**
 * A check a decoded record must pass where it is read; one that fails becomes a dead letter with
 * the check's reason and the bytes as read.
 *
 * @param reason the dead-letter reason of a record that fails
 * @param problem what is wrong with a record, or empty
 */
public record RecordCheck<T>(DeadLetterReason reason, Problem<T> problem) implements Serializable {

    /** What is wrong with a record, or empty when it passes. */
    @FunctionalInterface
    public interface Problem<T> extends Function<T, Optional<String>>, Serializable {}

    /** Every record passes. */
    public static <T> RecordCheck<T> none() {
        return new RecordCheck<>(DeadLetterReason.OTHER, record -> Optional.empty());
    }
}
