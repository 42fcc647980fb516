package io.tandem.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.SampleRecords;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicAdminException;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract through a real KRaft broker: every record type, compaction of plans, dead letters.
 */
@ExtendWith(LocalKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaContractIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;
    private final TopicCatalogue topics =
            new TopicCatalogue("it-" + UUID.randomUUID().toString().substring(0, 8));
    private Admin admin;

    KafkaContractIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    @BeforeAll
    void createTopics() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        List<TopicAdmin.TopicStatus> first = new TopicAdmin(admin, (short) 1).ensureTopics(topics);
        assertThat(first).extracting(TopicAdmin.TopicStatus::created).containsOnly(true);
    }

    @AfterAll
    void closeAdmin() {
        admin.close();
    }

    @Test
    void creatingTopicsAgainIsANoOp() {
        List<TopicAdmin.TopicStatus> again = new TopicAdmin(admin, (short) 1).ensureTopics(topics);
        assertThat(again)
                .hasSize(TandemTopic.values().length)
                .extracting(TopicAdmin.TopicStatus::created)
                .containsOnly(false);
    }

    @Test
    void anExistingUncompactedPlansTopicIsRefused() throws Exception {
        TopicCatalogue other =
                new TopicCatalogue("it-bad-" + UUID.randomUUID().toString().substring(0, 8));
        admin.createTopics(List.of(new NewTopic(other.name(TandemTopic.PLANS), 1, (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new TopicAdmin(admin, (short) 1).ensureTopics(other))
                .isInstanceOf(TopicAdminException.class)
                .hasMessageContaining(other.name(TandemTopic.PLANS))
                .hasMessageContaining("compacted");
    }

    @Test
    void everyRecordTypeCrossesTheBrokerUnchanged() {
        roundTrip(
                TandemTopic.FEATURES,
                FeatureFrame.class,
                List.of(
                        SampleRecords.featureFrame("cam-1", 1),
                        SampleRecords.featureFrame("cam-2", 2)));
        roundTrip(
                TandemTopic.TELEMETRY,
                Telemetry.class,
                List.of(SampleRecords.telemetry("cam-1", 1), SampleRecords.telemetry("cam-1", 2)));
        roundTrip(
                TandemTopic.RESULTS,
                InferenceResult.class,
                List.of(SampleRecords.inferenceResult("cam-1", 1)));
        roundTrip(TandemTopic.MONITORING, MonitorEvent.class, SampleRecords.monitorEvents("cam-1"));
        roundTrip(TandemTopic.DLQ, DeadLetter.class, List.of(SampleRecords.deadLetter()));
    }

    @Test
    void plansTopicKeepsOnlyTheLatestPlanPerDevice() throws Exception {
        String plansTopic = topics.name(TandemTopic.PLANS);
        // Roll segments quickly so the cleaner gets to work within the test.
        admin.incrementalAlterConfigs(
                        Map.of(
                                new ConfigResource(ConfigResource.Type.TOPIC, plansTopic),
                                List.of(
                                        new AlterConfigOp(
                                                new ConfigEntry("segment.ms", "100"),
                                                AlterConfigOp.OpType.SET),
                                        new AlterConfigOp(
                                                new ConfigEntry("min.compaction.lag.ms", "0"),
                                                AlterConfigOp.OpType.SET))))
                .all()
                .get(30, TimeUnit.SECONDS);

        List<String> devices = List.of("cam-1", "cam-2", "phone-1", "rpi-7");
        int rounds = 6;
        try (KafkaProducer<String, Plan> producer =
                KafkaTestClients.producer(bootstrap, Plan.class)) {
            for (int epoch = 1; epoch <= rounds; epoch++) {
                for (String device : devices) {
                    KafkaTestClients.send(
                            producer, plansTopic, device, SampleRecords.plan(device, epoch));
                }
                Thread.sleep(150);
            }
        }

        Map<String, Plan> latest = new HashMap<>();
        List<ConsumerRecord<String, Plan>> log = List.of();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        // Compaction is asynchronous: read the whole topic until the cleaner has removed superseded
        // plans.
        while (Instant.now().isBefore(deadline)) {
            try (KafkaConsumer<String, Plan> consumer =
                    KafkaTestClients.consumer(bootstrap, Plan.class)) {
                log =
                        KafkaTestClients.readAll(
                                consumer,
                                plansTopic,
                                devices.size() * rounds,
                                Duration.ofSeconds(2));
            }
            if (log.size() < devices.size() * rounds) {
                break;
            }
            Thread.sleep(500);
        }
        log.forEach(r -> latest.put(r.key(), r.value()));

        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(devices);
        devices.forEach(d -> assertThat(latest.get(d)).isEqualTo(SampleRecords.plan(d, rounds)));
        assertThat(log)
                .as("superseded plans compacted away")
                .hasSizeLessThan(devices.size() * rounds);
    }

    @Test
    void tolerantPollerDeadLettersGarbageAndKeepsTheValidRecordsAroundIt() throws Exception {
        TopicCatalogue isolated =
                new TopicCatalogue("it-dlq-" + UUID.randomUUID().toString().substring(0, 8));
        new TopicAdmin(admin, (short) 1).ensureTopics(isolated);
        String featuresTopic = isolated.name(TandemTopic.FEATURES);
        byte[] valid1 =
                new AvroSerializer<>(FeatureFrame.class)
                        .serialize(featuresTopic, SampleRecords.featureFrame("cam-9", 1));
        byte[] valid2 =
                new AvroSerializer<>(FeatureFrame.class)
                        .serialize(featuresTopic, SampleRecords.featureFrame("cam-9", 3));
        byte[] garbage = {0x13, 0x37, 0x00, 0x42};
        try (KafkaProducer<String, byte[]> producer = KafkaTestClients.rawProducer(bootstrap)) {
            // Same key, so all three land in one partition, in order.
            KafkaTestClients.send(producer, featuresTopic, "cam-9", valid1);
            KafkaTestClients.send(producer, featuresTopic, "cam-9", garbage);
            KafkaTestClients.send(producer, featuresTopic, "cam-9", valid2);
        }

        List<DeadLetter> deadLetters = new ArrayList<>();
        List<FeatureFrame> frames = new ArrayList<>();
        try (KafkaConsumer<String, FeatureFrame> consumer =
                KafkaTestClients.consumer(bootstrap, FeatureFrame.class)) {
            consumer.subscribe(List.of(featuresTopic));
            TolerantPoller<String, FeatureFrame> poller =
                    new TolerantPoller<>(consumer, deadLetters::add, Clock.systemUTC());
            Instant deadline = Instant.now().plus(TIMEOUT);
            while ((frames.size() < 2 || deadLetters.isEmpty())
                    && Instant.now().isBefore(deadline)) {
                poller.poll(Duration.ofMillis(200)).forEach(r -> frames.add(r.value()));
            }
        }

        assertThat(frames).extracting(FeatureFrame::getFrameId).containsExactly(1L, 3L);
        assertThat(deadLetters).hasSize(1);
        DeadLetter dl = deadLetters.get(0);
        assertThat(dl.getTopic()).isEqualTo(featuresTopic);
        assertThat(dl.getOffset()).isEqualTo(1L);
        assertThat(dl.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(dl.getOriginalValue().array()).isEqualTo(garbage);
        assertThat(new String(dl.getOriginalKey().array())).isEqualTo("cam-9");
    }

    private <T extends SpecificRecordBase> void roundTrip(
            TandemTopic topic, Class<T> type, List<T> records) {
        String name = topics.name(topic);
        try (KafkaProducer<String, T> producer = KafkaTestClients.producer(bootstrap, type)) {
            for (T record : records) {
                KafkaTestClients.send(producer, name, "cam-1", record);
            }
        }
        try (KafkaConsumer<String, T> consumer = KafkaTestClients.consumer(bootstrap, type)) {
            List<T> back =
                    KafkaTestClients.readAll(consumer, name, records.size(), TIMEOUT).stream()
                            .map(ConsumerRecord::value)
                            .toList();
            assertThat(back)
                    .as("records read back from %s", name)
                    .containsExactlyElementsOf(records);
        }
    }
}
