package io.tandem.device;

import io.tandem.connectors.identity.RecordSignature;
import io.tandem.connectors.identity.SigningSerializer;
import io.tandem.connectors.kafka.AvroDeserializer;
import io.tandem.connectors.kafka.AvroSerializer;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.models.distribution.AnnouncementCheck;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A device's transport on Kafka. Frames, telemetry and dead letters go out keyed by device id
 * (idempotent, acks=all). Plans and answers are keyed by device id too, so the default partitioner
 * put all of this device's on one partition of each topic: the device is assigned that partition
 * only (no group), plans from its start (compacted), answers from now on, both read_committed.
 * Other devices' records on it are skipped by key, undecoded.
 */
public final class KafkaDeviceTransport implements DeviceTransport {

    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private final DeviceSettings settings;
    private final KafkaProducer<String, FeatureFrame> features;
    private final KafkaProducer<String, Telemetry> telemetry;
    private final KafkaProducer<String, DeadLetter> deadLetters;
    private final KafkaConsumer<byte[], byte[]> plans;
    private final KafkaConsumer<byte[], byte[]> results;
    private final OwnRecordReader<Plan> ownPlans;
    private final OwnRecordReader<InferenceResult> ownResults;

    /** The models topic, read whole from its start; null for a device that downloads nothing. */
    private final KafkaConsumer<byte[], byte[]> models;

    private final AvroDeserializer<ModelAnnouncement> announcements =
            new AvroDeserializer<>(ModelAnnouncement.class);

    /** The first frame Kafka failed to deliver; thrown from the next publish or flush. */
    private final AtomicReference<Exception> undelivered = new AtomicReference<>();

    private KafkaDeviceTransport(
            DeviceSettings settings, boolean readsModels, List<AutoCloseable> opened) {
        this.settings = settings;
        this.features =
                opened(opened, producer(settings, TandemTopic.FEATURES, FeatureFrame.class));
        this.telemetry = opened(opened, producer(settings, TandemTopic.TELEMETRY, Telemetry.class));
        this.deadLetters = opened(opened, producer(settings, TandemTopic.DLQ, DeadLetter.class));
        this.plans = opened(opened, ownPartition(settings, TandemTopic.PLANS, false));
        this.results = opened(opened, ownPartition(settings, TandemTopic.RESULTS, true));
        this.models = readsModels ? opened(opened, wholeTopic(settings, TandemTopic.MODELS)) : null;
        this.ownPlans =
                new OwnRecordReader<>(
                                settings.deviceId(),
                                Plan.class,
                                this::deadLetter,
                                Clock.systemUTC())
                        .signedWith(settings.signingKey(), TandemTopic.PLANS);
        this.ownResults =
                new OwnRecordReader<>(
                        settings.deviceId(),
                        InferenceResult.class,
                        this::deadLetter,
                        Clock.systemUTC());
    }

    /**
     * Connects, and has both consumers positioned before it returns, so no answer to a later frame
     * is missed.
     */
    public static KafkaDeviceTransport open(DeviceSettings settings) {
        return open(settings, false);
    }

    /**
     * Connects; with {@code readsModels}, also reads the models topic (a device that downloads the
     * versions it is planned onto).
     */
    public static KafkaDeviceTransport open(DeviceSettings settings, boolean readsModels) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return new KafkaDeviceTransport(settings, readsModels, opened);
        } catch (RuntimeException e) {
            for (AutoCloseable client :
                    opened) { // a broker that is not there must not leave clients running
                try {
                    client.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static <C extends AutoCloseable> C opened(List<AutoCloseable> opened, C client) {
        opened.add(client);
        return client;
    }

    @Override
    public void publishFeatures(FeatureFrame frame) {
        throwIfUndelivered();
        features.send(
                record(TandemTopic.FEATURES, frame),
                (meta, e) -> {
                    if (e != null) {
                        undelivered.compareAndSet(null, e);
                    }
                });
    }

    @Override
    public void publishTelemetry(Telemetry window) {
        telemetry.send(record(TandemTopic.TELEMETRY, window));
    }

    @Override
    public List<Plan> pollPlans(Duration timeout) {
        return ownPlans.read(plans.poll(timeout));
    }

    @Override
    public List<InferenceResult> pollResults(Duration timeout) {
        return ownResults.read(results.poll(timeout)).stream()
                .filter(r -> settings.deviceId().equals(r.getDeviceId()))
                .toList();
    }

    @Override
    public List<ModelAnnouncement> pollAnnouncements(Duration timeout) {
        if (models == null) {
            return List.of();
        }
        List<ModelAnnouncement> read = new ArrayList<>();
        for (var record : models.poll(timeout)) {
            if (record.value() == null) {
                continue; // a tombstone: the version's key was deleted
            }
            try {
                ModelAnnouncement a = announcements.deserialize(record.topic(), record.value());
                if (AnnouncementCheck.problem(a).isEmpty()) {
                    read.add(a);
                }
            } catch (RuntimeException e) {
                // Not an announcement: skipped. Only the publisher may write here.
            }
        }
        return read;
    }

    @Override
    public void flush() {
        features.flush();
        telemetry.flush();
        throwIfUndelivered();
    }

    @Override
    public void close() {
        try (features;
                telemetry;
                deadLetters;
                plans;
                results;
                AutoCloseable ignored = models) {
            // closes all six, in reverse order, even if one fails
        } catch (Exception e) {
            throw new IllegalStateException(
                    "closing the device's Kafka clients: " + e.getMessage(), e);
        }
    }

    private void deadLetter(DeadLetter letter) {
        deadLetters.send(record(TandemTopic.DLQ, letter));
    }

    private void throwIfUndelivered() {
        Exception e = undelivered.get();
        if (e != null) {
            throw new IllegalStateException("a frame was not delivered: " + e.getMessage(), e);
        }
    }

    private <T> ProducerRecord<String, T> record(TandemTopic topic, T value) {
        return new ProducerRecord<>(settings.topics().name(topic), settings.deviceId(), value);
    }

    private static <T extends SpecificRecord> KafkaProducer<String, T> producer(
            DeviceSettings settings, TandemTopic topic, Class<T> type) {
        Properties props = settings.kafkaClient().asProperties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(
                ProducerConfig.CLIENT_ID_CONFIG, settings.deviceId() + "-" + type.getSimpleName());
        Serializer<T> values = new AvroSerializer<>(type);
        if (settings.signingKey().isPresent() && RecordSignature.TOPICS.contains(topic)) {
            values = new SigningSerializer<>(values, settings.signingKey().get(), topic);
        }
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** A consumer of every partition of {@code topic}, from its start, positioned at once. */
    private static KafkaConsumer<byte[], byte[]> wholeTopic(
            DeviceSettings settings, TandemTopic topic) {
        KafkaConsumer<byte[], byte[]> consumer = consumer(settings, topic);
        try {
            String name = settings.topics().name(topic);
            List<TopicPartition> all =
                    consumer.partitionsFor(name, METADATA_WAIT).stream()
                            .map(p -> new TopicPartition(name, p.partition()))
                            .toList();
            if (all.isEmpty()) {
                throw new IllegalStateException(
                        "topic " + name + " does not exist; create it with ./tandem topics create");
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(
            DeviceSettings settings, TandemTopic topic) {
        Properties props = settings.kafkaClient().asProperties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.deviceId() + "-" + topic.suffix());
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A consumer of the one partition of {@code topic} this device's key maps to, positioned at
     * once.
     */
    private static KafkaConsumer<byte[], byte[]> ownPartition(
            DeviceSettings settings, TandemTopic topic, boolean fromNow) {
        KafkaConsumer<byte[], byte[]> consumer = consumer(settings, topic);
        try {
            String name = settings.topics().name(topic);
            int partitions = consumer.partitionsFor(name, METADATA_WAIT).size();
            if (partitions == 0) {
                throw new IllegalStateException(
                        "topic " + name + " does not exist; create it with ./tandem topics create");
            }
            TopicPartition own =
                    new TopicPartition(
                            name, new DeviceKey(settings.deviceId()).partition(partitions));
            consumer.assign(List.of(own));
            if (fromNow) {
                consumer.seekToEnd(List.of(own));
            } else {
                consumer.seekToBeginning(List.of(own));
            }
            consumer.position(own); // resolve now, before the first frame goes out
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }
}
