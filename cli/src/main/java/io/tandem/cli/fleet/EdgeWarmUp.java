package io.tandem.cli.fleet;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.avro.WireFormatException;
import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.identity.RecordSignature;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.stats.Quantiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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

/**
 * Runs real frames through a just-started edge before devices join it. Until the JIT has compiled
 * the edge's path (Kafka source, decoding, validation, the tail, the sinks), each frame costs many
 * times what it will; on a machine the edge shares with emulated devices, the cold path answered
 * about 100 frames/s during the demo's first 12 s while 20 devices sent 190/s, and the queue that
 * built up set the run's p95 at seconds. The warm-up is a closed loop (at most {@link #IN_FLIGHT}
 * frames unanswered), so it goes as fast as the edge answers and leaves no backlog behind. Its
 * devices ({@link #DEVICE_PREFIX}) publish no telemetry, so the planner never plans them.
 */
public final class EdgeWarmUp {

    /** Warm-up frames come from devices named so. */
    public static final String DEVICE_PREFIX = "warm-up-";

    /** Frames sent and not yet answered, at most. */
    static final int IN_FLIGHT = 32;

    /**
     * Device ids the frames rotate over: several keys, so keyed state and every subtask see some.
     */
    static final int DEVICES = 8;

    private static final Duration DRAIN = Duration.ofSeconds(10);

    /**
     * A frame unanswered this long is given up (its slot freed), so frames the edge rejects cannot
     * stall the loop.
     */
    static final Duration GIVE_UP = Duration.ofSeconds(5);

    /**
     * What the warm-up did: frames answered and given up, how long it took, and the median
     * send-to-answer time of its first and last {@link #IN_FLIGHT}x4 answers.
     */
    public record Outcome(
            long answered, long unanswered, double seconds, double firstP50Ms, double lastP50Ms) {

        /** The line commands print. */
        public String describe() {
            return String.format(
                    "edge warmed up: %d frames answered (%d not) in %.1f s, median %.0f ms at"
                            + " first and %.0f ms at the end",
                    answered, unanswered, seconds, firstP50Ms, lastP50Ms);
        }
    }

    private EdgeWarmUp() {}

    /**
     * Sends frames of every version's first, middle and last partition for {@code budget}, signed
     * under {@code fleetSecret} where the edge wants signatures.
     */
    public static Outcome run(
            String bootstrap,
            KafkaClientProperties client,
            Optional<FleetSecret> fleetSecret,
            TopicCatalogue topics,
            Path repositoryRoot,
            String model,
            Duration budget)
            throws InterruptedException {
        List<FeatureFrame> templates = templates(repositoryRoot, model);
        AvroWireFormat<FeatureFrame> frames = AvroWireFormat.of(FeatureFrame.class);
        AvroWireFormat<InferenceResult> results = AvroWireFormat.of(InferenceResult.class);
        String features = topics.name(TandemTopic.FEATURES);
        Map<Long, Long> sentNanos = new HashMap<>();
        List<Double> latenciesMs = new ArrayList<>();
        long start = System.nanoTime();
        long firstId = System.currentTimeMillis() * 1000; // unique across runs
        long unanswered = 0;
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap, client);
                KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, client)) {
            TopicFromNow.assign(consumer, topics.name(TandemTopic.RESULTS));
            long sent = 0;
            long stopSending = start + budget.toNanos();
            long giveUp = stopSending + DRAIN.toNanos();
            while (System.nanoTime() < giveUp
                    && (System.nanoTime() < stopSending || !sentNanos.isEmpty())) {
                while (System.nanoTime() < stopSending && sentNanos.size() < IN_FLIGHT) {
                    long now = System.currentTimeMillis() * 1000;
                    String device = DEVICE_PREFIX + (sent % DEVICES);
                    FeatureFrame f =
                            FeatureFrame.newBuilder(templates.get((int) (sent % templates.size())))
                                    .setDeviceId(device)
                                    .setFrameId(firstId + sent)
                                    .setCapturedAtMicros(now)
                                    .setHeadDoneAtMicros(now)
                                    .setSentAtMicros(now)
                                    .build();
                    sentNanos.put(firstId + sent, System.nanoTime());
                    byte[] value = frames.encode(f);
                    ProducerRecord<String, byte[]> record =
                            new ProducerRecord<>(features, device, value);
                    fleetSecret.ifPresent(
                            s ->
                                    RecordSignature.attach(
                                            record.headers(),
                                            s.signingKey(device),
                                            TandemTopic.FEATURES,
                                            value));
                    producer.send(record);
                    sent++;
                }
                producer.flush();
                long now = System.nanoTime();
                int before = sentNanos.size();
                sentNanos.values().removeIf(at -> now - at > GIVE_UP.toNanos());
                unanswered += before - sentNanos.size();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    if (r.key() == null || !r.key().startsWith(DEVICE_PREFIX)) {
                        continue;
                    }
                    Long at;
                    try {
                        at = sentNanos.remove(results.decode(r.value()).getFrameId());
                    } catch (WireFormatException e) {
                        continue; // not an answer the edge wrote: not the warm-up's
                    }
                    if (at != null) {
                        latenciesMs.add((System.nanoTime() - at) / 1e6);
                    }
                }
            }
            unanswered += sentNanos.size();
        }
        int window = Math.min(latenciesMs.size(), 4 * IN_FLIGHT);
        return new Outcome(
                latenciesMs.size(),
                unanswered,
                (System.nanoTime() - start) / 1e9,
                median(latenciesMs.subList(0, window)),
                median(latenciesMs.subList(latenciesMs.size() - window, latenciesMs.size())));
    }

    private static List<FeatureFrame> templates(Path repositoryRoot, String model) {
        try (ModelRepository repository = ModelRepository.open(repositoryRoot, model, 1)) {
            List<FeatureFrame> templates = new ArrayList<>();
            for (ModelManifest.Version version : repository.manifest().versions()) {
                List<ModelManifest.Partition> parts = version.partitions();
                for (ModelManifest.Partition p :
                        List.of(
                                parts.get(0),
                                parts.get(parts.size() / 2),
                                parts.get(parts.size() - 1))) {
                    for (ModelManifest.Variant variant : p.variants()) {
                        for (ModelManifest.CodecFigures codec : variant.codecs()) {
                            templates.add(
                                    SampleFrames.of(
                                            repository,
                                            version.id(),
                                            p.partition(),
                                            codec.codec()));
                        }
                    }
                }
            }
            return templates;
        }
    }

    private static double median(List<Double> values) {
        return values.isEmpty()
                ? Double.NaN
                : Quantiles.of(values.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
    }

    private static KafkaProducer<String, byte[]> producer(
            String bootstrap, KafkaClientProperties client) {
        Properties p = client.asProperties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tandem-edge-warm-up");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(
            String bootstrap, KafkaClientProperties client) {
        Properties p = client.asProperties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        // Uncommitted answers count: the warm-up needs the path run, not the transaction closed.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-edge-warm-up");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
