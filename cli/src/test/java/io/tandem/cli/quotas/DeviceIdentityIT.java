package io.tandem.cli.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.identity.DeviceCredentials;
import io.tandem.connectors.identity.DeviceEnrolment;
import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.kafka.AvroSerializer;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.ClientRole;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicAcls;
import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.LocalKafkaSettings;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices enrolled on the secured broker log in as themselves and as no one else, and the broker
 * holds each to its plan: the produce quota follows the plan, and a device sending faster than its
 * plan allows is throttled while one without a plan's quota is not.
 */
class DeviceIdentityIT {

    private static final TopicCatalogue TOPICS = new TopicCatalogue("identity");
    @TempDir static Path secure;
    private static LocalKafkaBroker broker;
    private static FleetSecret secret;

    @BeforeAll
    static void aSecuredBrokerWithTwoEnrolledDevices() {
        broker = LocalKafkaBroker.start(LocalKafkaSettings.ephemeralSecure(secure));
        secret = FleetSecret.in(secure);
        try (Admin admin = Admin.create(client(broker.adminClientProperties()))) {
            new TopicAdmin(admin, (short) 1).ensureTopics(TOPICS);
            TopicAcls.grantAll(admin, TOPICS);
            DeviceEnrolment.enrol(admin, secret, TOPICS, List.of("dev-a", "dev-b"));
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Properties client(Properties p) {
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("max.block.ms", "5000");
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "5000");
        return p;
    }

    private static KafkaClientProperties role(ClientRole role) {
        return KafkaClientProperties.read(
                broker.credentials().orElseThrow().clientConfig(role.principalName()));
    }

    private static Properties device(String id) {
        return client(
                DeviceCredentials.kafkaClient(role(ClientRole.DEVICE), secret, id).asProperties());
    }

    /** The first failure of sending one record as {@code client}, or null. */
    private static Throwable sendFails(Properties client, TandemTopic topic) {
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(TOPICS.name(topic), "dev-a".getBytes(), new byte[] {1}))
                    .get();
            return null;
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null
                    && !(t instanceof SaslAuthenticationException)
                    && !(t instanceof TopicAuthorizationException)) {
                t = t.getCause();
            }
            return t;
        }
    }

    @Test
    void anEnrolledDeviceLogsInAsItselfAndNotAsAnother() {
        assertThat(sendFails(device("dev-a"), TandemTopic.FEATURES)).isNull();
        assertThat(sendFails(device("dev-a"), TandemTopic.PLANS))
                .isInstanceOf(TopicAuthorizationException.class);

        // dev-a's password under dev-b's name, and a device never enrolled.
        Properties impostor = device("dev-a");
        impostor.put(
                "sasl.jaas.config",
                impostor.getProperty("sasl.jaas.config").replace("\"dev-a\"", "\"dev-b\""));
        assertThat(sendFails(impostor, TandemTopic.FEATURES))
                .isInstanceOf(SaslAuthenticationException.class);
        assertThat(sendFails(device("dev-c"), TandemTopic.FEATURES))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aDeviceSendingFasterThanItsPlanIsThrottledByTheBroker() throws Exception {
        try (PlanQuotaKeeper keeper =
                PlanQuotaKeeper.start(
                        broker.bootstrapServers(),
                        KafkaClientProperties.of(broker.adminClientProperties()),
                        TOPICS)) {
            Plan plan = plan("dev-a", 160_000); // 20 kB/s of uplink
            try (KafkaProducer<String, Plan> edge =
                    new KafkaProducer<>(
                            client(role(ClientRole.EDGE).asProperties()),
                            new StringSerializer(),
                            new AvroSerializer<>(Plan.class))) {
                edge.send(new ProducerRecord<>(TOPICS.name(TandemTopic.PLANS), "dev-a", plan))
                        .get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!keeper.applied().containsKey("dev-a") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(keeper.applied()).containsEntry("dev-a", 30_000.0);
            try (Admin admin = Admin.create(client(broker.adminClientProperties()))) {
                Map<ClientQuotaEntity, Map<String, Double>> quotas =
                        admin.describeClientQuotas(
                                        ClientQuotaFilter.containsOnly(
                                                List.of(
                                                        ClientQuotaFilterComponent.ofEntity(
                                                                ClientQuotaEntity.USER, "dev-a"))))
                                .entities()
                                .get();
                assertThat(quotas.values())
                        .singleElement()
                        .isEqualTo(Map.of(PlanQuotaKeeper.PRODUCER_BYTE_RATE, 30_000.0));
            }

            Sent planned = sendAsFastAsPossible("dev-a", 600_000);
            Sent unplanned = sendAsFastAsPossible("dev-b", 600_000);
            System.out.printf(
                    "quota: 600 kB sent under a 30 kB/s plan quota in %.1f s (longest throttle"
                            + " %.0f ms); without a quota in %.1f s (%.0f ms)%n",
                    planned.seconds(),
                    planned.throttleMillis(),
                    unplanned.seconds(),
                    unplanned.throttleMillis());
            assertThat(planned.throttleMillis()).as("throttled by the plan's quota").isPositive();
            assertThat(unplanned.throttleMillis()).as("no quota, no throttle").isZero();
        }
    }

    private record Sent(double seconds, double throttleMillis) {}

    /** Sends {@code bytes} as {@code id} as fast as it can: how long, the longest throttle. */
    private static Sent sendAsFastAsPossible(String id, int bytes) throws Exception {
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(
                        device(id), new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] frame = new byte[10_000];
            for (int sent = 0; sent < bytes; sent += frame.length) {
                p.send(
                        new ProducerRecord<>(
                                TOPICS.name(TandemTopic.FEATURES), id.getBytes(), frame));
            }
            p.flush();
            for (Map.Entry<MetricName, ? extends Metric> m : p.metrics().entrySet()) {
                if (m.getKey().name().equals("produce-throttle-time-max")
                        && m.getKey().group().equals("producer-metrics")) {
                    Object v = m.getValue().metricValue();
                    return new Sent(
                            (System.nanoTime() - start) / 1e9,
                            v instanceof Double d && !d.isNaN() ? d : 0);
                }
            }
            throw new AssertionError("the producer reports no throttle time");
        }
    }

    private static Plan plan(String device, double uplinkBps) {
        return Plan.newBuilder()
                .setDeviceId(device)
                .setEpoch(1)
                .setModelId("fmnist-resnet")
                .setVersion("w100")
                .setPartition(2)
                .setCodec("int8")
                .setUplinkBandwidthBps(uplinkBps)
                .setEdgeComputeShare(0.1)
                .setFrameRateHz(5)
                .setValidFromMicros(0)
                .setReason(PlanReason.PERIODIC)
                .build();
    }
}
