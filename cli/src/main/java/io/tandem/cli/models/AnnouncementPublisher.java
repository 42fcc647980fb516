package io.tandem.cli.models;

import io.tandem.connectors.kafka.AvroSerializer;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.schema.ModelAnnouncement;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes announcements to the models topic, keyed by {@code <model>/<version>}, and returns once
 * the broker has them (acks=all): a command that says "published" has published.
 */
public final class AnnouncementPublisher implements AutoCloseable {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, ModelAnnouncement> producer;
    private final String topic;

    public AnnouncementPublisher(
            String bootstrapServers, KafkaClientProperties client, TopicCatalogue topics) {
        Properties props = client.asProperties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, SEND_TIMEOUT_SECONDS * 1000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tandem-models-publisher");
        this.producer =
                new KafkaProducer<>(
                        props,
                        new StringSerializer(),
                        new AvroSerializer<>(ModelAnnouncement.class));
        this.topic = topics.name(TandemTopic.MODELS);
    }

    /** Sends the announcement and waits for the broker's acknowledgement. */
    public void publish(ModelAnnouncement a) {
        try {
            producer.send(new ProducerRecord<>(topic, ModelAnnouncements.key(a), a))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot announce on " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "no acknowledgement from the broker for "
                            + topic
                            + " within "
                            + SEND_TIMEOUT_SECONDS
                            + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted announcing on " + topic);
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close();
    }
}
