package io.tandem.connectors.kafka;

import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Builds {@link DeadLetter} records that keep the rejected bytes (whole, up to {@link
 * #KEPT_VALUE_BYTES}), their length and digest, where they came from and why.
 */
public final class DeadLetters {

    /**
     * Of a longer value only this much is kept: a dead letter must fit the producer's 1 MiB request
     * even when the record it keeps filled the broker's own limit.
     */
    public static final int KEPT_VALUE_BYTES = 256 << 10;

    private DeadLetters() {}

    public static DeadLetter of(
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            DeadLetterReason reason,
            String message,
            String stage,
            Clock clock) {
        return DeadLetter.newBuilder()
                .setTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.clone()))
                .setOriginalValue(
                        value == null
                                ? null
                                : ByteBuffer.wrap(
                                        Arrays.copyOf(
                                                value, Math.min(value.length, KEPT_VALUE_BYTES))))
                .setOriginalValueLength(value == null ? null : value.length)
                .setOriginalValueSha256(value == null ? null : ByteBuffer.wrap(sha256(value)))
                .setReason(reason)
                .setMessage(message)
                .setStage(stage)
                .setFailedAtMicros(micros(clock.instant()))
                .build();
    }

    /** A dead letter for a record read as bytes, kept whole. */
    public static DeadLetter of(
            ConsumerRecord<byte[], byte[]> record,
            DeadLetterReason reason,
            String message,
            String stage,
            Clock clock) {
        return of(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                reason,
                message,
                stage,
                clock);
    }

    /** A dead letter for a record a plain Kafka consumer failed to deserialize. */
    public static DeadLetter of(RecordDeserializationException failure, Clock clock) {
        Throwable cause = failure.getCause();
        DeadLetterReason reason =
                cause instanceof RecordDecodingException decoding
                        ? decoding.reason()
                        : DeadLetterReason.UNDECODABLE;
        String message =
                cause != null && cause.getMessage() != null
                        ? cause.getMessage()
                        : failure.getMessage();
        return of(
                failure.topicPartition().topic(),
                failure.topicPartition().partition(),
                failure.offset(),
                bytes(failure.keyBuffer()),
                bytes(failure.valueBuffer()),
                reason,
                message,
                "decode",
                clock);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
