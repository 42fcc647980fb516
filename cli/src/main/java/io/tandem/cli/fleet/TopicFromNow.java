package io.tandem.cli.fleet;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** A consumer that reads a topic's records written from now on, whatever their partition. */
final class TopicFromNow {

    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private TopicFromNow() {}

    /**
     * Assigns every partition of {@code topic} at its end, pinned before this returns: a record
     * written afterwards (an answer to a frame sent next, a report of a job submitted next) is
     * read.
     */
    static void assign(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic, METADATA_WAIT).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }
}
