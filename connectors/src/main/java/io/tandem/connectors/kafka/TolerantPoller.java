package io.tandem.connectors.kafka;

import io.tandem.schema.DeadLetter;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Polls a Kafka consumer without letting one bad record stop it: a record that fails to deserialize
 * becomes a {@link DeadLetter} handed to {@code deadLetters}, and the consumer seeks past it.
 * Records before it in the same fetch were already returned by Kafka, and the ones after it are
 * returned by the next poll, so nothing valid is lost.
 */
public final class TolerantPoller<K, V> {

    private final org.apache.kafka.clients.consumer.Consumer<K, V> consumer;
    private final Consumer<DeadLetter> deadLetters;
    private final Clock clock;

    public TolerantPoller(
            org.apache.kafka.clients.consumer.Consumer<K, V> consumer,
            Consumer<DeadLetter> deadLetters,
            Clock clock) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public ConsumerRecords<K, V> poll(Duration timeout) {
        try {
            return consumer.poll(timeout);
        } catch (RecordDeserializationException e) {
            deadLetters.accept(DeadLetters.of(e, clock));
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return ConsumerRecords.empty();
        }
    }
}
