package io.tandem.testkit;

import io.tandem.connectors.kafka.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its start with an assigned consumer (no group), as tests check what a job
 * wrote.
 */
public final class TopicRecords {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicRecords() {}

    /**
     * The committed records, from the start to the end offsets at the time of the call (or until
     * {@code timeout}).
     */
    public static <T extends SpecificRecord> List<T> committed(
            String bootstrap, String topic, Class<T> type, Duration timeout) {
        try (KafkaConsumer<String, T> consumer = consumer(bootstrap, type, true)) {
            List<TopicPartition> partitions = assignFromStart(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<T> values = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(POLL).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }

    /** Records from the start, until {@code atLeast} were read or {@code timeout} passed. */
    public static <T extends SpecificRecord> List<T> atLeast(
            String bootstrap, String topic, Class<T> type, int atLeast, Duration timeout) {
        try (KafkaConsumer<String, T> consumer = consumer(bootstrap, type, false)) {
            assignFromStart(consumer, topic);
            List<T> values = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(POLL).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }

    /** Assigns every partition of {@code topic} and seeks to its start. */
    public static List<TopicPartition> assignFromStart(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static <T extends SpecificRecord> KafkaConsumer<String, T> consumer(
            String bootstrap, Class<T> type, boolean committed) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (committed) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return new KafkaConsumer<>(props, new StringDeserializer(), new AvroDeserializer<>(type));
    }
}
