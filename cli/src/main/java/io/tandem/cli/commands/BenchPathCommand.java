package io.tandem.cli.commands;

import io.tandem.cli.fleet.LocalEdge;
import io.tandem.cli.fleet.SampleFrames;
import io.tandem.cli.options.ModelOptions;
import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.jobs.EdgeJobConfig;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.LocalKafkaSettings;
import io.tandem.models.repository.ModelRepository;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.stats.Quantiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tandem bench-path}: what the Kafka + Flink path itself costs a frame. Real frames are
 * sent at fixed rates through an embedded broker into the edge job on a MiniCluster; for every
 * answer, the time from send to the answer's arrival minus the tail's compute time is the path's
 * own cost (produce, broker, source, validation, batching queue, results sink, transaction commit
 * with exactly-once, fetch). No head, no uplink emulation: frames are sent as fast as the rate
 * says.
 */
@Command(
        name = "bench-path",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the Kafka + Flink path's own latency: frames at fixed rates through a real"
                    + " broker and the edge job,",
            "per delivery mode and checkpoint interval; prints p50/p99 of send-to-answer minus"
                    + " tail compute."
        })
public final class BenchPathCommand implements Callable<Integer> {

    /** Answers in the first seconds of a run are left out: the job's first batches warm up. */
    private static final double WARM_UP_SECONDS = 3;

    @Spec CommandSpec spec;

    @Option(
            names = "--rates",
            split = ",",
            paramLabel = "FPS",
            description = "Frames per second to send (default: 100,500).")
    List<Integer> rates = List.of(100, 500);

    @Option(
            names = "--modes",
            split = ",",
            paramLabel = "MODE",
            description =
                    "Runs, each at-least-once or exactly-once:MS (checkpoint interval), default:"
                            + " at-least-once,exactly-once:100,exactly-once:500,exactly-once:1000.")
    List<String> modes =
            List.of("at-least-once", "exactly-once:100", "exactly-once:500", "exactly-once:1000");

    @Option(
            names = "--seconds",
            defaultValue = "15",
            paramLabel = "S",
            description = "Seconds of sending per rate (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--split",
            defaultValue = "w25/4/int8",
            paramLabel = "V/P/CODEC",
            description = "The frames' version, partition and codec (default ${DEFAULT-VALUE}).")
    String split;

    @Option(
            names = "--devices",
            defaultValue = "20",
            paramLabel = "N",
            description = "Devices the frames come from, in turn (default ${DEFAULT-VALUE}).")
    int devices;

    @Mixin ModelOptions models;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String[] parts = split.split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "--split takes VERSION/PARTITION/CODEC, e.g. w25/4/int8");
        }
        Path zoo = models.repository();
        FeatureFrame template =
                frame(zoo, models.model(), parts[0], Integer.parseInt(parts[1]), parts[2]);
        out.printf(
                "frames: %s, %d bytes of features; %d devices; %.0f s per rate (first %.0f s left"
                        + " out)%n",
                split, template.getPayload().remaining(), devices, seconds, WARM_UP_SECONDS);
        out.println(
                "mode                 rate/s  answered   path p50   path p99   (to edge p50, queue"
                        + " p50, back p50)  ms");
        out.flush();
        try (LocalKafkaBroker broker =
                LocalKafkaBroker.start(
                        new LocalKafkaSettings(
                                "127.0.0.1", 0, Optional.empty(), Optional.empty()))) {
            int run = 0;
            for (String mode : modes) {
                TopicCatalogue topics = new TopicCatalogue("bench" + run++);
                TopicSetup.ensure(broker, topics, new PrintWriter(java.io.Writer.nullWriter()));
                EdgeJobConfig config =
                        config(broker.bootstrapServers(), topics, zoo, mode)
                                .with(EdgeJobConfig.MODEL, models.model());
                try (LocalEdge edge = LocalEdge.start(config)) {
                    for (int rate : rates) {
                        Figures f =
                                measure(broker.bootstrapServers(), topics, template, rate, mode);
                        out.printf(
                                "%-20s %6d %9d %10.2f %10.2f   (%.2f, %.2f, %.2f)%n",
                                mode, rate, f.answered, f.p50, f.p99, f.toEdge, f.queue, f.back);
                        out.flush();
                    }
                }
            }
        }
        return 0;
    }

    private static EdgeJobConfig config(
            String servers, TopicCatalogue topics, Path zoo, String mode) {
        EdgeJobConfig config =
                LocalEdge.config(List.of(), System.getenv(), zoo.toString())
                        .with(EdgeJobConfig.MODELS, zoo.toString())
                        .with(EdgeJobConfig.BOOTSTRAP, servers)
                        .with(EdgeJobConfig.NAMESPACE, topics.namespace());
        if (mode.equals("at-least-once")) {
            return config.with(
                    EdgeJobConfig.DELIVERY, EdgeJobConfig.DELIVERY.parse("at-least-once"));
        }
        if (mode.startsWith("exactly-once:")) {
            return config.with(EdgeJobConfig.DELIVERY, EdgeJobConfig.DELIVERY.parse("exactly-once"))
                    .with(
                            EdgeJobConfig.CHECKPOINT_MS,
                            Long.parseLong(mode.substring("exactly-once:".length())));
        }
        throw new IllegalArgumentException(
                "--modes takes at-least-once or exactly-once:MS, was " + mode);
    }

    /** One frame through the real head and codec; sends stamp their own ids and times. */
    private static FeatureFrame frame(
            Path zoo, String model, String version, int partition, String codec) {
        try (ModelRepository repository = ModelRepository.open(zoo, model, 1)) {
            return SampleFrames.of(repository, version, partition, codec);
        }
    }

    private record Figures(
            long answered, double p50, double p99, double toEdge, double queue, double back) {}

    private Figures measure(
            String servers, TopicCatalogue topics, FeatureFrame template, int rate, String mode)
            throws Exception {
        AvroWireFormat<FeatureFrame> frames = AvroWireFormat.of(FeatureFrame.class);
        AvroWireFormat<InferenceResult> results = AvroWireFormat.of(InferenceResult.class);
        ConcurrentHashMap<Long, Long> sentMicros = new ConcurrentHashMap<>();
        List<double[]> samples = new ArrayList<>(); // path, to edge, queue, back (ms)
        long base = System.nanoTime();
        long count = Math.round(rate * seconds);
        long firstId = System.currentTimeMillis() * 1000; // unique across rates and runs
        try (KafkaProducer<String, byte[]> producer = producer(servers);
                KafkaConsumer<String, byte[]> consumer = consumer(servers, mode)) {
            consumer.subscribe(List.of(topics.name(TandemTopic.RESULTS)));
            consumer.poll(Duration.ofMillis(500)); // joins before the first answer is written
            Thread sender =
                    new Thread(
                            () -> {
                                for (long i = 0; i < count; i++) {
                                    long due = base + Math.round(i * 1e9 / rate);
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                                    }
                                    long now = System.currentTimeMillis() * 1000;
                                    String device = "bench-" + (i % devices);
                                    FeatureFrame f =
                                            FeatureFrame.newBuilder(template)
                                                    .setDeviceId(device)
                                                    .setFrameId(firstId + i)
                                                    .setCapturedAtMicros(now)
                                                    .setHeadDoneAtMicros(now)
                                                    .setSentAtMicros(now)
                                                    .build();
                                    sentMicros.put(firstId + i, now);
                                    producer.send(
                                            new ProducerRecord<>(
                                                    topics.name(TandemTopic.FEATURES),
                                                    device,
                                                    frames.encode(f)));
                                }
                                producer.flush();
                            },
                            "bench-sender");
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) seconds + 15);
            long answered = 0;
            while (answered < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long arrived = System.currentTimeMillis() * 1000;
                    InferenceResult result = results.decode(r.value());
                    Long sent = sentMicros.remove(result.getFrameId());
                    if (sent == null) {
                        continue; // not this run's
                    }
                    answered++;
                    if (result.getFrameId() - firstId < WARM_UP_SECONDS * rate) {
                        continue;
                    }
                    double compute =
                            (result.getTailDoneAtMicros() - result.getTailStartedAtMicros()) / 1e3;
                    samples.add(
                            new double[] {
                                (arrived - sent) / 1e3 - compute,
                                (result.getReceivedAtMicros() - sent) / 1e3,
                                (result.getTailStartedAtMicros() - result.getReceivedAtMicros())
                                        / 1e3,
                                (arrived - result.getTailDoneAtMicros()) / 1e3
                            });
                }
            }
            sender.join();
            return new Figures(
                    answered,
                    quantile(samples, 0, 0.5),
                    quantile(samples, 0, 0.99),
                    quantile(samples, 1, 0.5),
                    quantile(samples, 2, 0.5),
                    quantile(samples, 3, 0.5));
        }
    }

    private static double quantile(List<double[]> samples, int column, double q) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        return Quantiles.of(samples.stream().mapToDouble(s -> s[column]).toArray(), q);
    }

    private static KafkaProducer<String, byte[]> producer(String servers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String servers, String mode) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-path-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        p.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                mode.startsWith("exactly-once") ? "read_committed" : "read_uncommitted");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
