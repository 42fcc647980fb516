package io.tandem.cli.quotas;

import io.tandem.connectors.kafka.AvroDeserializer;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.kafka.RecordDecodingException;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.planner.online.NewestPlan;
import io.tandem.planner.online.PlanQuota;
import io.tandem.schema.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Enforces plans at the broker: follows the plans topic and gives each enrolled device's principal
 * a produce quota of what its newest plan allows ({@link PlanQuota}), so a device that ignores its
 * plan is throttled by Kafka itself. Runs with the cluster administrator's credentials beside the
 * broker, not in the edge job: the edge needs no right to change the cluster's configuration.
 */
public final class PlanQuotaKeeper implements AutoCloseable {

    /** Kafka's quota key for the bytes per second a principal may produce. */
    static final String PRODUCER_BYTE_RATE = "producer_byte_rate";

    private final KafkaConsumer<byte[], byte[]> plans;
    private final Admin admin;
    private final Thread thread;
    private final Map<String, Plan> newest = new HashMap<>();
    private final Map<String, Double> applied = new ConcurrentHashMap<>();
    private final AvroDeserializer<Plan> values = new AvroDeserializer<>(Plan.class);
    private volatile boolean running = true;

    private PlanQuotaKeeper(String bootstrap, KafkaClientProperties adminClient, String topic) {
        Properties props = adminClient.asProperties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-plan-quotas");
        this.admin = Admin.create(props);
        this.plans =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        plans.partitionsFor(topic)
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        plans.assign(partitions);
        plans.seekToBeginning(partitions);
        this.thread = new Thread(this::follow, "tandem-plan-quotas");
        thread.setDaemon(true);
    }

    /** Starts following {@code topics}' plans with the administrator's {@code adminClient}. */
    public static PlanQuotaKeeper start(
            String bootstrap, KafkaClientProperties adminClient, TopicCatalogue topics) {
        PlanQuotaKeeper keeper =
                new PlanQuotaKeeper(bootstrap, adminClient, topics.name(TandemTopic.PLANS));
        keeper.thread.start();
        return keeper;
    }

    /** The produce quota applied per device principal, bytes/s. */
    public Map<String, Double> applied() {
        return Map.copyOf(applied);
    }

    private void follow() {
        try {
            while (running) {
                Map<String, Double> changed = new LinkedHashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : plans.poll(Duration.ofMillis(500))) {
                    Plan plan = decode(record);
                    if (plan != null
                            && NewestPlan.supersedes(plan, newest.get(plan.getDeviceId()))) {
                        newest.put(plan.getDeviceId(), plan);
                        double quota = PlanQuota.producerBytesPerSecond(plan);
                        if (!Double.valueOf(quota).equals(applied.get(plan.getDeviceId()))) {
                            changed.put(plan.getDeviceId(), quota);
                        }
                    }
                }
                if (!changed.isEmpty()) {
                    apply(changed);
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private Plan decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return values.deserialize(record.topic(), record.value());
        } catch (RecordDecodingException e) {
            return null; // the edge dead-letters it; a quota follows only plans a device follows
        }
    }

    private void apply(Map<String, Double> quotas) {
        List<ClientQuotaAlteration> alterations = new ArrayList<>();
        quotas.forEach(
                (device, rate) ->
                        alterations.add(
                                new ClientQuotaAlteration(
                                        new ClientQuotaEntity(
                                                Map.of(ClientQuotaEntity.USER, device)),
                                        List.of(
                                                new ClientQuotaAlteration.Op(
                                                        PRODUCER_BYTE_RATE, rate)))));
        try {
            admin.alterClientQuotas(alterations).all().get();
            applied.putAll(quotas);
        } catch (Exception e) {
            // Retried with the device's next plan; the broker keeps the last quota meanwhile.
            System.err.println("tandem: cannot set plan quotas " + quotas + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        plans.wakeup();
        thread.join(5_000);
        plans.close();
        admin.close();
    }
}
