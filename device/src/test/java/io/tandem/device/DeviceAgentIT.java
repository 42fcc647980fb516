package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.kafka.AvroDeserializer;
import io.tandem.connectors.kafka.AvroSerializer;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.wire.FeatureFrames;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.Plan;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import io.tandem.testkit.Checkout;
import io.tandem.testkit.Plans;
import io.tandem.testkit.TopicRecords;
import io.tandem.traces.BandwidthTrace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A device against a real broker and a stand-in edge that runs the real tail slices: every frame is
 * answered once or counted as dropped, and a plan published mid-run switches version and partition
 * at a frame boundary without losing or mislabelling a frame.
 */
@ExtendWith(LocalKafkaExtension.class)
class DeviceAgentIT {

    private static final TopicCatalogue TOPICS = new TopicCatalogue("device-it");

    private final String bootstrap;

    DeviceAgentIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    @Test
    void aPlanChangeMidRunSwitchesSplitWithoutLosingOrMislabellingAFrame() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicAdmin(admin, (short) 1).ensureTopics(TOPICS);
        }
        try (ModelRepository repository = ModelRepository.open(Checkout.ZOO, Checkout.MODEL, 1)) {
            LabeledImages images = LabeledImages.evaluationSubset(repository);
            Map<Long, FeatureFrame> seenByEdge = new ConcurrentHashMap<>();
            AtomicBoolean edgeRunning = new AtomicBoolean(true);
            Thread edge =
                    new Thread(
                            () -> standInEdge(repository, seenByEdge, edgeRunning),
                            "stand-in-edge");
            edge.start();

            DeviceSettings settings =
                    new DeviceSettings(
                            "cam-1",
                            "rpi4",
                            TaskKind.ACCURACY_SENSITIVE,
                            200,
                            "fmnist-resnet",
                            bootstrap,
                            KafkaClientProperties.none(),
                            TOPICS,
                            1.0,
                            1.0,
                            10.0,
                            0,
                            "",
                            Optional.empty());
            BandwidthTrace link =
                    new BandwidthTrace("flat-20mbps", new double[] {60}, new double[] {20e6});
            DeviceClock clock = DeviceClock.system();
            DeviceAgent agent =
                    new DeviceAgent(
                            settings,
                            SafeDefaultPlan.of("cam-1", "fmnist-resnet", "w25", 6, "float32", 20),
                            new HeadStage(repository),
                            images,
                            new UplinkShaper(link, 0, clock),
                            clock);

            Thread planner = new Thread(() -> publishPlanAfter(Duration.ofSeconds(3)), "planner");
            planner.start();
            DeviceReport report = agent.run(7);
            planner.join();
            edgeRunning.set(false);
            edge.join(10_000);

            System.out.println(report);
            assertThat(report.captured()).isGreaterThan(100);
            assertThat(report.sent() + report.dropped()).isEqualTo(report.captured());
            assertThat(report.answered()).as("every sent frame answered").isEqualTo(report.sent());
            assertThat(report.duplicates()).isZero();
            assertThat(report.unanswered()).isZero();
            assertThat(report.planSwitches()).isEqualTo(1);
            assertThat(report.framesByPlan().keySet())
                    .containsExactlyInAnyOrder("0:w25/6/float32", "1:w100/3/int8");
            // every frame the edge saw carries its epoch's split, and frame ids switch epoch once
            long firstOfEpoch1 =
                    seenByEdge.values().stream()
                            .filter(f -> f.getPlanEpoch() == 1)
                            .mapToLong(FeatureFrame::getFrameId)
                            .min()
                            .orElseThrow();
            for (FeatureFrame f : seenByEdge.values()) {
                String split = f.getVersion() + "/" + f.getPartition() + "/" + f.getCodec();
                assertThat(split)
                        .isEqualTo(f.getPlanEpoch() == 0 ? "w25/6/float32" : "w100/3/int8");
                assertThat(f.getPlanEpoch()).isEqualTo(f.getFrameId() < firstOfEpoch1 ? 0L : 1L);
            }
            assertThat(report.accuracy()).as("answers are the real model's").isGreaterThan(0.75);
            assertTelemetryWasPublished();
            assertGarbageWasDeadLettered();
        }
    }

    /** One record per 1 s window, with what the device measured in it. */
    private void assertTelemetryWasPublished() {
        List<Telemetry> windows =
                TopicRecords.atLeast(
                        bootstrap,
                        TOPICS.name(TandemTopic.TELEMETRY),
                        Telemetry.class,
                        5,
                        Duration.ofSeconds(10));
        assertThat(windows).hasSizeGreaterThanOrEqualTo(5);
        assertThat(windows)
                .allSatisfy(
                        t -> {
                            assertThat(t.getDeviceId()).isEqualTo("cam-1");
                            assertThat(t.getFramesSent()).isPositive();
                            assertThat(t.getHeadComputeMs()).isPositive();
                        });
        assertThat(windows.get(windows.size() - 1).getRttMs())
                .as("sent -> result, measured")
                .isPositive();
        assertThat(windows.get(windows.size() - 1).getPlanEpoch()).isEqualTo(1);
    }

    private void publishPlanAfter(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Plan plan =
                Plan.newBuilder(Plans.plan("cam-1", 1, 0.5))
                        .setUplinkBandwidthBps(5e6)
                        .setFrameRateHz(20)
                        .setValidFromMicros(System.currentTimeMillis() * 1000)
                        .setSolver("tandem")
                        .build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, Plan> producer =
                new KafkaProducer<>(
                        props, new StringSerializer(), new AvroSerializer<>(Plan.class))) {
            producer.send(new ProducerRecord<>(TOPICS.name(TandemTopic.PLANS), "cam-1", plan));
        }
        // Garbage among the answers: the device must dead-letter it and keep reading. Another
        // device's garbage on the
        // same partition is none of its business: skipped by key, never decoded, so never
        // dead-lettered.
        try (KafkaProducer<String, byte[]> raw =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            raw.send(
                    new ProducerRecord<>(
                            TOPICS.name(TandemTopic.RESULTS), "cam-1", "not a result".getBytes()));
            raw.send(
                    new ProducerRecord<>(
                            TOPICS.name(TandemTopic.RESULTS),
                            neighbourOnTheSamePartition(),
                            "not ours".getBytes()));
        }
    }

    /** A device id whose answers share cam-1's results partition. */
    private static String neighbourOnTheSamePartition() {
        int partitions = TandemTopic.RESULTS.partitions();
        int own = new DeviceKey("cam-1").partition(partitions);
        for (int i = 0; ; i++) {
            if (new DeviceKey("cam-" + (100 + i)).partition(partitions) == own) {
                return "cam-" + (100 + i);
            }
        }
    }

    /**
     * The garbage answer, on the dead-letter topic with the device as the stage that refused it.
     */
    private void assertGarbageWasDeadLettered() {
        List<DeadLetter> letters =
                TopicRecords.atLeast(
                        bootstrap,
                        TOPICS.name(TandemTopic.DLQ),
                        DeadLetter.class,
                        1,
                        Duration.ofSeconds(10));
        assertThat(letters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.getStage()).isEqualTo("device/cam-1");
                            assertThat(d.getTopic()).isEqualTo(TOPICS.name(TandemTopic.RESULTS));
                            assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE);
                        });
    }

    /** Reads every frame, runs the real tail on its decoded features, answers with the class. */
    private void standInEdge(
            ModelRepository repository, Map<Long, FeatureFrame> seen, AtomicBoolean running) {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        String features = TOPICS.name(TandemTopic.FEATURES);
        try (KafkaConsumer<String, FeatureFrame> consumer =
                        new KafkaConsumer<>(
                                consumerProps,
                                new StringDeserializer(),
                                new AvroDeserializer<>(FeatureFrame.class));
                KafkaProducer<String, InferenceResult> producer =
                        new KafkaProducer<>(
                                producerProps,
                                new StringSerializer(),
                                new AvroSerializer<>(InferenceResult.class))) {
            TopicRecords.assignFromStart(consumer, features);
            while (running.get()) {
                for (ConsumerRecord<String, FeatureFrame> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    FeatureFrame frame = record.value();
                    seen.put(frame.getFrameId(), frame);
                    Tensor received =
                            FeatureCodec.of(frame.getCodec())
                                    .decode(FeatureFrames.toEncoded(frame));
                    Tensor logits =
                            repository
                                    .tail(HeadStage.sliceOf(planOf(frame)))
                                    .map(t -> SliceRunner.run(t, received))
                                    .orElse(received);
                    long now = System.currentTimeMillis() * 1000;
                    InferenceResult result =
                            InferenceResult.newBuilder()
                                    .setDeviceId(frame.getDeviceId())
                                    .setFrameId(frame.getFrameId())
                                    .setPredictedClass(logits.argmax(0))
                                    .setTopK(List.of())
                                    .setModelId(frame.getModelId())
                                    .setVersion(frame.getVersion())
                                    .setPartition(frame.getPartition())
                                    .setCodec(frame.getCodec())
                                    .setPlanEpoch(frame.getPlanEpoch())
                                    .setCapturedAtMicros(frame.getCapturedAtMicros())
                                    .setHeadDoneAtMicros(frame.getHeadDoneAtMicros())
                                    .setSentAtMicros(frame.getSentAtMicros())
                                    .setReceivedAtMicros(now)
                                    .setTailStartedAtMicros(now)
                                    .setTailDoneAtMicros(System.currentTimeMillis() * 1000)
                                    .setBatchSize(1)
                                    .build();
                    producer.send(
                            new ProducerRecord<>(
                                    TOPICS.name(TandemTopic.RESULTS), frame.getDeviceId(), result));
                }
            }
        }
    }

    private static Plan planOf(FeatureFrame frame) {
        return SafeDefaultPlan.of(
                frame.getDeviceId(),
                frame.getModelId(),
                frame.getVersion(),
                frame.getPartition(),
                frame.getCodec(),
                1);
    }
}
