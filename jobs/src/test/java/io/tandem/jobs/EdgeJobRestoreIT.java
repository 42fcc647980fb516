package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.kafka.AvroSerializer;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.jobs.recovery.LatestCheckpoint;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import io.tandem.testkit.Telemetries;
import io.tandem.testkit.TopicRecords;
import io.tandem.testkit.Zoo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge job with {@code --checkpoint-dir}: cancelled, its checkpoint is kept; started again on
 * the same directory, it resumes from it, so the planner still knows the plans it issued and
 * continues their epochs instead of starting over.
 */
@ExtendWith(LocalKafkaExtension.class)
class EdgeJobRestoreIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    private static final String DEVICE = "cam-r";

    private final String bootstrap;
    private final TopicCatalogue topics =
            new TopicCatalogue("restore-it-" + UUID.randomUUID().toString().substring(0, 8));

    EdgeJobRestoreIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    @Test
    void aRestartedJobResumesFromItsNewestCheckpoint(@TempDir Path checkpoints) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicAdmin(admin, (short) 1).ensureTopics(topics);
        }
        EdgeJobConfig config =
                EdgeJobConfig.defaults(bootstrap)
                        .with(EdgeJobConfig.NAMESPACE, topics.namespace())
                        .with(EdgeJobConfig.MODELS, Zoo.ROOT.toString())
                        .with(EdgeJobConfig.CHECKPOINT_MS, 300L)
                        .with(EdgeJobConfig.CHECKPOINT_DIR, checkpoints.toString());

        JobClient first = start(config);
        Plan issued = planAfterTelemetry(20e6, 1);
        Thread.sleep(1_500); // a few checkpoints after the plan
        first.cancel().get();
        Optional<Path> kept = LatestCheckpoint.in(checkpoints);
        assertThat(kept).as("the checkpoint is retained on cancel").isPresent();

        JobClient second = start(config);
        // The link collapses: the planner must re-plan the device it knows, at the next epoch.
        Plan after = planAfterTelemetry(60e3, issued.getEpoch() + 1);
        second.cancel().get();
        assertThat(after.getEpoch())
                .as("epochs continue from the restored state (a fresh planner would start at 1)")
                .isGreaterThan(issued.getEpoch());
        assertThat(after.getReason().toString()).isNotEqualTo("DEVICE_JOINED");
    }

    private JobClient start(EdgeJobConfig config) throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return EdgeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(flink), config);
    }

    /**
     * Sends telemetry at {@code uplinkBps} once a second until a plan of at least {@code epoch} is
     * out.
     */
    private Plan planAfterTelemetry(double uplinkBps, long epoch) throws Exception {
        String telemetry = topics.name(TandemTopic.TELEMETRY);
        try (KafkaProducer<String, Telemetry> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new StringSerializer(),
                        new AvroSerializer<>(Telemetry.class))) {
            long deadline = System.currentTimeMillis() + 45_000;
            while (System.currentTimeMillis() < deadline) {
                long now = System.currentTimeMillis() * 1000;
                producer.send(
                                new ProducerRecord<>(
                                        telemetry,
                                        DEVICE,
                                        Telemetries.window(DEVICE, now, uplinkBps)
                                                .setDeviceClass("mcu")
                                                .build()))
                        .get();
                List<Plan> plans =
                        TopicRecords.committed(
                                        bootstrap,
                                        topics.name(TandemTopic.PLANS),
                                        Plan.class,
                                        Duration.ofSeconds(5))
                                .stream()
                                .filter(
                                        p ->
                                                p.getDeviceId().equals(DEVICE)
                                                        && p.getEpoch() >= epoch)
                                .toList();
                if (!plans.isEmpty()) {
                    return plans.get(plans.size() - 1);
                }
                Thread.sleep(1_000);
            }
        }
        throw new AssertionError(
                "no plan of epoch >= " + epoch + " for " + DEVICE + " within 45 s");
    }
}
