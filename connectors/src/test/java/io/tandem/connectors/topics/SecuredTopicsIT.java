package io.tandem.connectors.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.kafka.local.BrokerCredentials;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.LocalKafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured local broker with every role's ACLs: each role can do what it needs and nothing else;
 * no credentials or a wrong password get nowhere.
 */
class SecuredTopicsIT {

    private static final TopicCatalogue TOPICS = new TopicCatalogue("secured");
    @TempDir static Path secure;
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void aSecuredBrokerWithTopicsAndAcls() throws Exception {
        broker = LocalKafkaBroker.start(LocalKafkaSettings.ephemeralSecure(secure));
        try (Admin admin = Admin.create(withBootstrap(broker.adminClientProperties()))) {
            new TopicAdmin(admin, (short) 1).ensureTopics(TOPICS);
            TopicAcls.grantAll(admin, TOPICS);
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Properties withBootstrap(Properties p) {
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("max.block.ms", "5000");
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "5000");
        return p;
    }

    private static Properties as(ClientRole role) {
        Path file = broker.credentials().orElseThrow().clientConfig(role.principalName());
        return withBootstrap(KafkaClientProperties.read(file).asProperties());
    }

    private static void send(Properties client, TandemTopic topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(TOPICS.name(topic), "cam-1".getBytes(), new byte[] {1}))
                    .get();
        }
    }

    private static ConsumerRecords<byte[], byte[]> read(Properties client, TandemTopic topic) {
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        client, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    c.partitionsFor(TOPICS.name(topic)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            return c.poll(Duration.ofSeconds(2));
        }
    }

    /**
     * What refused the call: an authorization error wherever it sits in the chain (a producer
     * refused its id in the background fails the next send with a KafkaException around it), else
     * the failure itself.
     */
    private static Throwable cause(ThrowingCall call) {
        Throwable failure;
        try {
            call.run();
            return null;
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (Exception e) {
            failure = e;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.AuthorizationException) {
                return t;
            }
        }
        return failure;
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aDeviceSendsFramesAndTelemetryAndReadsPlansAndResults() throws Exception {
        send(as(ClientRole.DEVICE), TandemTopic.FEATURES);
        send(as(ClientRole.DEVICE), TandemTopic.TELEMETRY);
        send(as(ClientRole.EDGE), TandemTopic.RESULTS);

        assertThat(read(as(ClientRole.DEVICE), TandemTopic.RESULTS)).isNotEmpty();
        assertThat(cause(() -> read(as(ClientRole.DEVICE), TandemTopic.PLANS))).isNull();
    }

    @Test
    void aDeviceCannotForgePlansOrAnswersNorReadFramesOrMonitoring() {
        assertThat(cause(() -> send(as(ClientRole.DEVICE), TandemTopic.PLANS)))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(cause(() -> send(as(ClientRole.DEVICE), TandemTopic.RESULTS)))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(as(ClientRole.DEVICE), TandemTopic.FEATURES))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(as(ClientRole.DEVICE), TandemTopic.MONITORING))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theDashboardReadsButWritesNothing() throws Exception {
        send(as(ClientRole.EDGE), TandemTopic.MONITORING);

        assertThat(read(as(ClientRole.DASHBOARD), TandemTopic.MONITORING)).isNotEmpty();
        // A role that writes nowhere is refused a producer id before any topic is checked.
        assertThat(cause(() -> send(as(ClientRole.DASHBOARD), TandemTopic.MONITORING)))
                .isInstanceOf(AuthorizationException.class);
        assertThat(cause(() -> send(as(ClientRole.DASHBOARD), TandemTopic.PLANS)))
                .isInstanceOf(AuthorizationException.class);
    }

    @Test
    void theEdgeReadsFramesAndWritesPlans() throws Exception {
        send(as(ClientRole.DEVICE), TandemTopic.FEATURES);
        send(as(ClientRole.EDGE), TandemTopic.PLANS);

        assertThat(read(as(ClientRole.EDGE), TandemTopic.FEATURES)).isNotEmpty();
    }

    @Test
    void aWrongPasswordIsRefused() {
        Properties forged = as(ClientRole.DEVICE);
        forged.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"edge\" password=\"guessed\";");

        assertThat(cause(() -> send(forged, TandemTopic.PLANS)))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheLocalAuthorityNeverSendsItsPassword() {
        Properties untrusting = as(ClientRole.DEVICE);
        untrusting.remove("ssl.truststore.location");
        untrusting.remove("ssl.truststore.password");
        untrusting.remove("ssl.truststore.type");

        assertThat(cause(() -> send(untrusting, TandemTopic.FEATURES)))
                .isInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
    }

    @Test
    void noCredentialsGetNowhere() {
        Properties anonymous = withBootstrap(new Properties());

        assertThat(cause(() -> send(anonymous, TandemTopic.FEATURES)))
                .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    @Test
    void everyRoleHasItsCredentials() {
        for (ClientRole role : ClientRole.values()) {
            assertThat(BrokerCredentials.PRINCIPALS).contains(role.principalName());
        }
    }
}
