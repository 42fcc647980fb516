package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.device.DeviceAgent;
import io.tandem.device.DeviceClock;
import io.tandem.device.DeviceReport;
import io.tandem.device.DeviceSettings;
import io.tandem.device.HeadStage;
import io.tandem.device.SafeDefaultPlan;
import io.tandem.device.UplinkShaper;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.TaskKind;
import io.tandem.testkit.TopicRecords;
import io.tandem.testkit.Zoo;
import io.tandem.traces.BandwidthTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One edge cell for the job's integration tests: a fresh topic namespace on the test broker, the
 * job's defaults on the zoo, and the job submitted to the suite's MiniCluster.
 */
final class EdgeCell {

    final String bootstrap;
    final TopicCatalogue topics;

    private EdgeCell(String bootstrap, TopicCatalogue topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    /** A MiniCluster of one TaskManager with four slots, the size every edge IT runs on. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .build());
    }

    /** A cell with its topics created under a fresh namespace starting with {@code prefix}. */
    static EdgeCell create(String bootstrap, String prefix) throws Exception {
        return of(
                bootstrap,
                new TopicCatalogue(prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** A cell on {@code topics}, created if missing. */
    static EdgeCell of(String bootstrap, TopicCatalogue topics) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicAdmin(admin, (short) 1).ensureTopics(topics);
        }
        return new EdgeCell(bootstrap, topics);
    }

    /** The job's defaults on this cell's broker, topics and the zoo. */
    EdgeJobConfig config() {
        return EdgeJobConfig.defaults(bootstrap)
                .with(EdgeJobConfig.NAMESPACE, topics.namespace())
                .with(EdgeJobConfig.MODELS, Zoo.ROOT.toString());
    }

    /** Submits the job; {@code restarts} configures Flink's restart strategy (a test's choice). */
    static JobClient start(EdgeJobConfig config, Configuration restarts) throws Exception {
        return EdgeJob.start(StreamExecutionEnvironment.getExecutionEnvironment(restarts), config);
    }

    /**
     * A Pi 4 class device of this cell on a steady 20 Mbit/s link, accuracy-sensitive (400 ms),
     * starting all on the device; it captures for {@code seconds}, then waits up to {@code
     * drainSeconds} for answers.
     */
    Callable<DeviceReport> steadyDevice(String id, double seconds, double drainSeconds) {
        return steadyDevice(id, seconds, drainSeconds, "");
    }

    /** As {@link #steadyDevice(String, double, double)}, a device of edge cell {@code cell}. */
    Callable<DeviceReport> steadyDevice(
            String id, double seconds, double drainSeconds, String cell) {
        DeviceSettings settings =
                new DeviceSettings(
                        id,
                        "rpi4",
                        TaskKind.ACCURACY_SENSITIVE,
                        400,
                        Zoo.MODEL,
                        bootstrap,
                        KafkaClientProperties.none(),
                        topics,
                        2.0,
                        1.0,
                        drainSeconds,
                        8.5e9,
                        cell,
                        Optional.empty());
        DeviceClock clock = DeviceClock.system();
        DeviceAgent agent =
                new DeviceAgent(
                        settings,
                        SafeDefaultPlan.of(id, Zoo.MODEL, "w25", 6, "float32", 10),
                        new HeadStage(Zoo.repository()),
                        Zoo.images(),
                        new UplinkShaper(
                                new BandwidthTrace("flat", new double[] {600}, new double[] {20e6}),
                                0,
                                clock),
                        clock);
        return () -> agent.run(seconds);
    }

    /** No restarts: a failing job fails the test. */
    static Configuration noRestarts() {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return flink;
    }

    /** Every device's report, once each has finished. */
    static List<DeviceReport> reports(List<Future<DeviceReport>> running) throws Exception {
        List<DeviceReport> reports = new ArrayList<>();
        for (Future<DeviceReport> f : running) {
            reports.add(f.get());
        }
        return reports;
    }

    /** Prints each report and checks that its device sent frames and had each answered once. */
    static void assertEveryFrameAnsweredOnce(List<DeviceReport> reports) {
        for (DeviceReport r : reports) {
            System.out.println(r);
            assertThat(r.sent()).as(r.deviceId() + " sent frames").isPositive();
            assertThat(r.answered())
                    .as(r.deviceId() + ": every sent frame answered")
                    .isEqualTo(r.sent());
            assertThat(r.duplicates()).as(r.deviceId() + ": answered once").isZero();
        }
    }

    /** The results committed to this cell's results topic so far. */
    List<InferenceResult> committedResults() {
        return committed(TandemTopic.RESULTS, InferenceResult.class);
    }

    /** The records committed to one of this cell's topics so far. */
    <T extends SpecificRecord> List<T> committed(TandemTopic topic, Class<T> type) {
        return TopicRecords.committed(bootstrap, topics.name(topic), type, Duration.ofSeconds(20));
    }

    /** The frames the results answer, as {@code device/frame}: duplicates count once. */
    static Set<String> distinctFrames(List<InferenceResult> results) {
        Set<String> distinct = new HashSet<>();
        results.forEach(r -> distinct.add(r.getDeviceId() + "/" + r.getFrameId()));
        return distinct;
    }
}
