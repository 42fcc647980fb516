package io.tandem.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.SampleRecords;
import io.tandem.connectors.kafka.AvroSerializer;
import io.tandem.connectors.kafka.KafkaTestClients;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flink's Kafka source and sink with Tandem's schemas, on a MiniCluster against a real broker. */
@ExtendWith(LocalKafkaExtension.class)
class FlinkKafkaSerdesIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private final String bootstrap;
    private final TopicCatalogue topics =
            new TopicCatalogue("flink-" + UUID.randomUUID().toString().substring(0, 8));
    private final TandemKafka kafka;

    FlinkKafkaSerdesIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
        this.kafka = new TandemKafka(bootstrap, topics);
    }

    /** A failing test job must fail the test, not restart forever. */
    private static Configuration failFast() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return config;
    }

    @BeforeEach
    void createTopics() {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicAdmin(admin, (short) 1).ensureTopics(topics);
        }
    }

    @Test
    void sourceDecodesValidFramesAndTurnsGarbageIntoDeadLettersWithoutFailingTheJob()
            throws Exception {
        String featuresTopic = topics.name(TandemTopic.FEATURES);
        AvroSerializer<FeatureFrame> serializer = new AvroSerializer<>(FeatureFrame.class);
        byte[] garbage = "not a frame".getBytes();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClients.rawProducer(bootstrap)) {
            KafkaTestClients.send(
                    producer,
                    featuresTopic,
                    "cam-1",
                    serializer.serialize(featuresTopic, SampleRecords.featureFrame("cam-1", 1)));
            KafkaTestClients.send(producer, featuresTopic, "cam-1", garbage);
            KafkaTestClients.send(
                    producer,
                    featuresTopic,
                    "cam-1",
                    serializer.serialize(featuresTopic, SampleRecords.featureFrame("cam-1", 2)));
            KafkaTestClients.send(
                    producer,
                    featuresTopic,
                    "cam-1",
                    serializer.serialize(featuresTopic, SampleRecords.featureFrame("cam-1", 3)));
        }

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(failFast());
        env.setParallelism(1);
        List<Either<DeadLetter, FeatureFrame>> out = new ArrayList<>();
        env.fromSource(
                        kafka.source(
                                TandemTopic.FEATURES,
                                FeatureFrame.class,
                                "it-source",
                                OffsetsInitializer.earliest(),
                                OffsetsInitializer.latest()),
                        WatermarkStrategy.noWatermarks(),
                        "features")
                .executeAndCollect()
                .forEachRemaining(out::add);

        assertThat(out)
                .filteredOn(Either::isRight)
                .extracting(Either::right)
                .containsExactly(
                        SampleRecords.featureFrame("cam-1", 1),
                        SampleRecords.featureFrame("cam-1", 2),
                        SampleRecords.featureFrame("cam-1", 3));
        List<DeadLetter> deadLetters =
                out.stream().filter(Either::isLeft).map(Either::left).toList();
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).getOffset()).isEqualTo(1L);
        assertThat(deadLetters.get(0).getTopic()).isEqualTo(featuresTopic);
        assertThat(deadLetters.get(0).getReason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(deadLetters.get(0).getOriginalValue().array()).isEqualTo(garbage);
    }

    @Test
    void exactlyOnceSinkPublishesCommittedRecordsKeyedByDevice() throws Exception {
        List<InferenceResult> results =
                List.of(
                        SampleRecords.inferenceResult("cam-1", 1),
                        SampleRecords.inferenceResult("cam-2", 2),
                        SampleRecords.inferenceResult("cam-3", 3));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(failFast());
        env.setParallelism(1);
        env.enableCheckpointing(500);
        env.fromData(results)
                .sinkTo(
                        kafka.sink(
                                TandemTopic.RESULTS,
                                InferenceResult.class,
                                InferenceResult::getDeviceId,
                                DeliveryGuarantee.EXACTLY_ONCE,
                                "it-results-" + UUID.randomUUID()));
        env.execute("exactly-once sink");

        try (KafkaConsumer<String, InferenceResult> consumer =
                KafkaTestClients.consumer(bootstrap, InferenceResult.class)) {
            List<ConsumerRecord<String, InferenceResult>> back =
                    KafkaTestClients.readAll(
                            consumer,
                            topics.name(TandemTopic.RESULTS),
                            results.size(),
                            Duration.ofSeconds(30));
            assertThat(back)
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(results);
            back.forEach(r -> assertThat(r.key()).isEqualTo(r.value().getDeviceId()));
        }
    }
}
