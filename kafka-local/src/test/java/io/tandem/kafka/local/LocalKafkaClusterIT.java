package io.tandem.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Three KRaft nodes in one JVM: a topic replicated to all three with two in sync keeps every
 * acknowledged write while a node is stopped mid-stream, and takes the node back.
 */
class LocalKafkaClusterIT {

    private static final int RECORDS = 600;
    private static final int STOP_AFTER = 200;

    @Test
    void aNodeStoppedMidStreamLosesNoAcknowledgedWrite() throws Exception {
        try (LocalKafkaCluster cluster =
                LocalKafkaCluster.start(LocalKafkaSettings.ephemeral(), 3)) {
            assertThat(cluster.replicationFactor()).isEqualTo((short) 3);
            String bootstrap = cluster.bootstrapServers();
            assertThat(bootstrap.split(",")).hasSize(3);
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(
                                List.of(
                                        new NewTopic("replicated", 3, (short) 3)
                                                .configs(Map.of("min.insync.replicas", "2"))))
                        .all()
                        .get(60, TimeUnit.SECONDS);
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
            }
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                for (int i = 0; i < RECORDS; i++) {
                    if (i == STOP_AFTER) {
                        cluster.stopNode(1);
                    }
                    producer.send(new ProducerRecord<>("replicated", "k" + i, "v" + i))
                            .get(60, TimeUnit.SECONDS);
                }
            }
            assertThat(distinctValues(bootstrap)).as("every acknowledged write").hasSize(RECORDS);

            cluster.startNode(1);
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static Set<String> distinctValues(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor("replicated").stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < RECORDS && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
