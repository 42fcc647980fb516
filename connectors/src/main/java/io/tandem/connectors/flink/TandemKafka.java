package io.tandem.connectors.flink;

import io.tandem.connectors.identity.DeviceSignatures;
import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.identity.RecordSignature;
import io.tandem.connectors.identity.RecordSigner;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.schema.DeadLetter;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;

/** Builds Flink Kafka sources and sinks for Tandem topics, wired to the shared wire format. */
public final class TandemKafka {

    private final String bootstrapServers;
    private final TopicCatalogue topics;
    private final KafkaClientProperties client;
    private final Optional<FleetSecret> fleetSecret;

    public TandemKafka(String bootstrapServers, TopicCatalogue topics) {
        this(bootstrapServers, topics, KafkaClientProperties.none(), Optional.empty());
    }

    /**
     * With {@code client} properties (security and the like) on every source and sink; with a
     * {@code fleetSecret}, records of {@link RecordSignature#TOPICS} are signed where written and
     * refused where read unless signed by the device they speak for.
     */
    public TandemKafka(
            String bootstrapServers,
            TopicCatalogue topics,
            KafkaClientProperties client,
            Optional<FleetSecret> fleetSecret) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.client = client;
        this.fleetSecret = fleetSecret;
    }

    /** The signature check of {@code topic}'s records, where they are signed. */
    public Optional<DeviceSignatures> signatures(TandemTopic topic) {
        return fleetSecret
                .filter(s -> RecordSignature.TOPICS.contains(topic))
                .map(s -> new DeviceSignatures(s, topic));
    }

    /** A source emitting each record decoded, or as a dead letter when it cannot be. */
    public <T extends SpecificRecordBase> KafkaSource<Either<DeadLetter, T>> source(
            TandemTopic topic,
            Class<T> type,
            String groupId,
            OffsetsInitializer start,
            OffsetsInitializer stop) {
        return source(topic, type, RecordCheck.none(), groupId, start, stop);
    }

    /**
     * As {@link #source(TandemTopic, Class, String, OffsetsInitializer, OffsetsInitializer)}, with
     * records failing {@code check} dead-lettered too.
     */
    public <T extends SpecificRecordBase> KafkaSource<Either<DeadLetter, T>> source(
            TandemTopic topic,
            Class<T> type,
            RecordCheck<T> check,
            String groupId,
            OffsetsInitializer start,
            OffsetsInitializer stop) {
        requireType(topic, type);
        return source(
                topic,
                new DecodingDeserializationSchema<>(type, check, signatures(topic)),
                groupId,
                start,
                stop);
    }

    /**
     * A source on {@code topic} reading committed records with a deserializer of the caller's (e.g.
     * one keeping the origin).
     */
    public <R> KafkaSource<R> source(
            TandemTopic topic,
            KafkaRecordDeserializationSchema<R> deserializer,
            String groupId,
            OffsetsInitializer start,
            OffsetsInitializer stop) {
        var builder =
                KafkaSource.<R>builder()
                        .setProperties(client.asProperties())
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(topics.name(topic))
                        .setGroupId(groupId)
                        .setStartingOffsets(start)
                        .setProperty("isolation.level", "read_committed")
                        .setDeserializer(deserializer);
        if (stop != null) {
            builder.setBounded(stop);
        }
        return builder.build();
    }

    /**
     * A sink writing to {@code topic}. With {@link DeliveryGuarantee#EXACTLY_ONCE} records become
     * visible on checkpoints, in Kafka transactions named after {@code transactionalIdPrefix},
     * which must be unique per job on the cluster.
     */
    public <T extends SpecificRecordBase> KafkaSink<T> sink(
            TandemTopic topic,
            Class<T> type,
            RecordKey<T> key,
            DeliveryGuarantee guarantee,
            String transactionalIdPrefix) {
        requireType(topic, type);
        Properties producer = client.asProperties();
        // Above checkpoint interval plus restart time, below the broker's
        // transaction.max.timeout.ms (15 min).
        producer.setProperty("transaction.timeout.ms", "600000");
        producer.setProperty("enable.idempotence", "true");
        var builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setKafkaProducerConfig(producer)
                        .setRecordSerializer(
                                new EncodingSerializationSchema<>(
                                        topics.name(topic),
                                        type,
                                        key,
                                        fleetSecret
                                                .filter(s -> RecordSignature.TOPICS.contains(topic))
                                                .map(s -> new RecordSigner(s, topic))))
                        .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.build();
    }

    private static void requireType(TandemTopic topic, Class<?> type) {
        if (!topic.valueType().equals(type)) {
            throw new IllegalArgumentException(
                    "topic "
                            + topic
                            + " carries "
                            + topic.valueType().getSimpleName()
                            + ", not "
                            + type.getSimpleName());
        }
    }
}
