package io.tandem.cli.dashboard;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.avro.WireFormatException;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads monitoring and telemetry from now on, and every plan in force, into a {@link
 * DashboardState}. A record that does not decode is skipped: the dashboard never stops on bad
 * input.
 */
public final class DashboardFeed implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicCatalogue topics;
    private final DashboardState state;
    private final Thread thread;
    private volatile boolean running = true;

    public DashboardFeed(
            String bootstrap,
            KafkaClientProperties client,
            TopicCatalogue topics,
            DashboardState state) {
        Properties props = client.asProperties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-dashboard");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.state = state;
        List<TopicPartition> fromNow = new ArrayList<>();
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TandemTopic topic :
                List.of(TandemTopic.MONITORING, TandemTopic.TELEMETRY, TandemTopic.PLANS)) {
            String name = topics.name(topic);
            consumer.partitionsFor(name, Duration.ofSeconds(30))
                    .forEach(
                            p ->
                                    (topic == TandemTopic.PLANS ? fromStart : fromNow)
                                            .add(new TopicPartition(name, p.partition())));
        }
        List<TopicPartition> all = new ArrayList<>(fromNow);
        all.addAll(fromStart);
        consumer.assign(all);
        consumer.seekToEnd(fromNow);
        consumer.seekToBeginning(fromStart);
        this.thread = new Thread(this::poll, "dashboard-feed");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void poll() {
        AvroWireFormat<MonitorEvent> monitoring = AvroWireFormat.of(MonitorEvent.class);
        AvroWireFormat<Telemetry> telemetry = AvroWireFormat.of(Telemetry.class);
        AvroWireFormat<Plan> plans = AvroWireFormat.of(Plan.class);
        String monitoringTopic = topics.name(TandemTopic.MONITORING);
        String telemetryTopic = topics.name(TandemTopic.TELEMETRY);
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) {
                    continue;
                }
                try {
                    if (r.topic().equals(monitoringTopic)) {
                        state.onMonitor(monitoring.decode(r.value()));
                    } else if (r.topic().equals(telemetryTopic)) {
                        state.onTelemetry(telemetry.decode(r.value()));
                    } else {
                        state.onPlan(plans.decode(r.value()));
                    }
                } catch (WireFormatException | RuntimeException e) {
                    // undecodable: the dead-letter topic is where such records are kept; here they
                    // are skipped
                }
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
