package io.tandem.connectors.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for integration tests, using Tandem's serdes. */
public final class KafkaTestClients {

    private KafkaTestClients() {}

    public static <T extends SpecificRecord> KafkaProducer<String, T> producer(
            String bootstrap, Class<T> type) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new AvroSerializer<>(type));
    }

    public static KafkaProducer<String, byte[]> rawProducer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    public static <T extends SpecificRecord> KafkaConsumer<String, T> consumer(
            String bootstrap, Class<T> type) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new AvroDeserializer<>(type));
    }

    public static <V> void send(
            KafkaProducer<String, V> producer, String topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("send to " + topic + " failed", e);
        }
    }

    /**
     * Reads {@code topic} from the start until {@code expected} records arrived or the timeout
     * passed.
     */
    public static <T> List<ConsumerRecord<String, T>> readAll(
            KafkaConsumer<String, T> consumer, String topic, int expected, Duration timeout) {
        consumer.subscribe(List.of(topic));
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (records.size() < expected && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
