package io.tandem.cli.fleet;

import io.tandem.connectors.kafka.AvroDeserializer;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.MonitorEvent;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Tells when a just-submitted edge job serves. A job counts as running as soon as its tasks are
 * scheduled, while they still open: the tail operator loads every session, sources join their
 * topics. Frames sent then wait seconds in a queue that takes longer still to drain. The tail
 * operator's first load report on the monitoring topic comes after all that (its sessions are
 * loaded, its sink writes), so devices start after it.
 */
final class EdgeReadiness implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, MonitorEvent> consumer;

    private EdgeReadiness(KafkaConsumer<String, MonitorEvent> consumer) {
        this.consumer = consumer;
    }

    /** Starts watching the monitoring topic from its end: call before submitting the job. */
    static EdgeReadiness watch(
            String bootstrap, KafkaClientProperties client, TopicCatalogue topics) {
        Properties props = client.asProperties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-edge-readiness");
        KafkaConsumer<String, MonitorEvent> consumer =
                new KafkaConsumer<>(
                        props,
                        new StringDeserializer(),
                        new AvroDeserializer<>(MonitorEvent.class));
        TopicFromNow.assign(consumer, topics.name(TandemTopic.MONITORING)); // before the job starts
        return new EdgeReadiness(consumer);
    }

    /** Whether the job reported its tail's load within {@code timeout}. */
    boolean await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (ConsumerRecord<String, MonitorEvent> r : consumer.poll(POLL)) {
                    if (r.value().getBody() instanceof EdgeLoad) {
                        return true;
                    }
                }
            } catch (RecordDeserializationException e) {
                // Someone else's bad record on the topic: not a sign of readiness; skip it.
                consumer.seek(e.topicPartition(), e.offset() + 1);
            }
        }
        return false;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
