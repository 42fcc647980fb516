package io.tandem.device;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.tandem.connectors.kafka.AvroDeserializer;
import io.tandem.connectors.kafka.AvroSerializer;
import io.tandem.connectors.kafka.TolerantPoller;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.models.Tensor;
import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.wire.FeatureFrames;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One device against a real broker. The calling thread captures frames at the plan's rate (test
 * images in order, labels kept here), runs the head and codec under the plan of that frame, and
 * queues the frame; an uplink thread releases queued frames through the {@link UplinkShaper} and
 * publishes them (key = device id, idempotent, acks=all); one thread follows the compacted plans
 * topic, one reads results (read_committed) and scores them. Frames that wait longer than the
 * backlog bound are dropped, oldest first, and counted; telemetry goes out every window.
 */
public final class DeviceAgent {

    private static final Duration POLL = Duration.ofMillis(100);

    private record Outgoing(FeatureFrame frame, double queuedAt, double allocationBps) {
    }

    private record InFlight(int label, double capturedAt) {
    }

    private final DeviceSettings settings;
    private final HeadStage head;
    private final LabeledImages images;
    private final UplinkShaper uplink;
    private final DeviceClock clock;
    private final PlanFollower plans;
    /** The rate this device's source offers frames at; a plan may admit fewer (admission control). */
    private final double offeredRateHz;

    private final LinkedBlockingDeque<Outgoing> queue = new LinkedBlockingDeque<>();
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> answeredIds = new ConcurrentHashMap<>();
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    /** Device time each frame left the uplink, until its result arrives: network round trips for telemetry. */
    private final Map<Long, Double> sentAt = new ConcurrentHashMap<>();
    private final List<Double> roundTrips = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> framesByPlan = new ConcurrentHashMap<>();
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong correct = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean capturing = new AtomicBoolean(true);
    private volatile Exception failure;

    public DeviceAgent(DeviceSettings settings, Plan safeDefault, HeadStage head, LabeledImages images, UplinkShaper uplink,
                       DeviceClock clock) {
        this.settings = settings;
        this.head = head;
        this.images = images;
        this.uplink = uplink;
        this.clock = clock;
        this.plans = new PlanFollower(safeDefault);
        this.offeredRateHz = safeDefault.getFrameRateHz();
    }

    /** Runs for {@code seconds} of capture, then waits up to the drain time for answers. */
    public DeviceReport run(double seconds) throws InterruptedException {
        try (KafkaProducer<String, FeatureFrame> features = producer(FeatureFrame.class);
             KafkaProducer<String, Telemetry> telemetry = producer(Telemetry.class);
             KafkaProducer<String, DeadLetter> deadLetters = producer(DeadLetter.class);
             KafkaConsumer<String, Plan> planConsumer = consumer(Plan.class, TandemTopic.PLANS, false);
             KafkaConsumer<String, InferenceResult> resultConsumer = consumer(InferenceResult.class, TandemTopic.RESULTS, true)) {
            List<Thread> threads = List.of(
                    thread("plans", () -> followPlans(tolerant(planConsumer, deadLetters))),
                    thread("results", () -> readResults(tolerant(resultConsumer, deadLetters))),
                    thread("uplink", () -> sendFrames(features)));
            threads.forEach(Thread::start);
            long captured = capture(seconds, telemetry);
            capturing.set(false);
            double drainUntil = clock.now() + settings.drainSeconds();
            while ((!queue.isEmpty() || !inFlight.isEmpty()) && clock.now() < drainUntil && failure == null) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
            if (failure != null) {
                throw new IllegalStateException("device " + settings.deviceId() + " failed: " + failure.getMessage(), failure);
            }
            return report(captured);
        }
    }

    private long capture(double seconds, KafkaProducer<String, Telemetry> telemetry) throws InterruptedException {
        double start = clock.now();
        double next = start;
        double windowStart = start;
        long frameId = 0;
        long windowSent = sent.get();
        long windowDropped = dropped.get();
        long windowFrames = 0;
        double windowHeadSeconds = 0;
        while (clock.now() - start < seconds && failure == null) {
            clock.sleepUntil(next);
            Plan plan = plans.forNextFrame();
            dropStale();
            int index = (int) (frameId % images.count());
            Tensor image = images.batch(index, index + 1);
            long capturedMicros = wallMicros();
            double capturedAt = clock.now();
            EncodedFeatures encoded = head.run(plan, image);
            if (settings.emulatedFlops() > 0) {
                // Play the device class: the head takes as long as its FLOPs need at the class's speed.
                clock.sleepUntil(capturedAt + head.headFlops(plan) / settings.emulatedFlops());
            }
            windowHeadSeconds += clock.now() - capturedAt;
            windowFrames++;
            FeatureFrame frame = FeatureFrames.toFrame(new FeatureFrames.Header(settings.deviceId(), frameId, settings.modelId(),
                    plan.getVersion(), plan.getPartition(), plan.getEpoch(), capturedMicros, wallMicros(), 0), encoded);
            inFlight.put(frameId, new InFlight(images.labels()[index], capturedAt));
            queue.addLast(new Outgoing(frame, capturedAt, plan.getUplinkBandwidthBps()));
            frameId++;
            captured.incrementAndGet();
            next += 1.0 / plan.getFrameRateHz();
            if (clock.now() - windowStart >= settings.windowSeconds()) {
                long frames = sent.get() - windowSent;
                telemetry.send(new ProducerRecord<>(settings.topics().name(TandemTopic.TELEMETRY), settings.deviceId(),
                        telemetry(plan, windowStart, frames, dropped.get() - windowDropped, windowHeadSeconds / windowFrames)));
                windowStart = clock.now();
                windowFrames = 0;
                windowHeadSeconds = 0;
                windowSent = sent.get();
                windowDropped = dropped.get();
            }
        }
        return frameId;
    }

    /** Drops, oldest first, the frames that have waited past the backlog bound for the uplink. */
    private void dropStale() {
        Outgoing oldest;
        while ((oldest = queue.peekFirst()) != null && clock.now() - oldest.queuedAt() > settings.maxBacklogSeconds()) {
            if (queue.remove(oldest)) {
                inFlight.remove(oldest.frame().getFrameId());
                dropped.incrementAndGet();
            }
        }
    }

    private void sendFrames(KafkaProducer<String, FeatureFrame> producer) {
        try {
            while (running.get()) {
                Outgoing next = queue.pollFirst(50, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                FeatureFrame frame = next.frame();
                // No allocation yet (the safe default): the device may use its whole link.
                double left = uplink.send(frame.getPayload().remaining(), next.allocationBps() > 0 ? next.allocationBps() : Double.MAX_VALUE);
                frame.setSentAtMicros(wallMicros());
                sentAt.put(frame.getFrameId(), left);
                producer.send(new ProducerRecord<>(settings.topics().name(TandemTopic.FEATURES), settings.deviceId(), frame), (meta, e) -> {
                    if (e != null) {
                        failure = e;
                    }
                });
                sent.incrementAndGet();
                framesByPlan.merge(frame.getPlanEpoch() + ":" + frame.getVersion() + "/" + frame.getPartition() + "/" + frame.getCodec(),
                        1L, Long::sum);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** A record this device cannot decode goes to the dead-letter topic; the records around it are still read. */
    private <T> TolerantPoller<String, T> tolerant(KafkaConsumer<String, T> consumer, KafkaProducer<String, DeadLetter> deadLetters) {
        return new TolerantPoller<>(consumer, letter -> {
            letter.setStage("device/" + settings.deviceId());
            deadLetters.send(new ProducerRecord<>(settings.topics().name(TandemTopic.DLQ), settings.deviceId(), letter));
        }, Clock.systemUTC());
    }

    private void followPlans(TolerantPoller<String, Plan> consumer) {
        while (running.get()) {
            for (ConsumerRecord<String, Plan> record : consumer.poll(POLL)) {
                if (settings.deviceId().equals(record.key()) && record.value() != null) {
                    plans.offer(record.value());
                }
            }
        }
    }

    private void readResults(TolerantPoller<String, InferenceResult> consumer) {
        while (running.get()) {
            for (ConsumerRecord<String, InferenceResult> record : consumer.poll(POLL)) {
                InferenceResult result = record.value();
                if (result == null || !settings.deviceId().equals(result.getDeviceId())) {
                    continue;
                }
                InFlight frame = inFlight.remove(result.getFrameId());
                if (frame == null) {
                    if (answeredIds.containsKey(result.getFrameId())) {
                        duplicates.incrementAndGet();
                    }
                    continue;
                }
                answeredIds.put(result.getFrameId(), true);
                latencies.add(clock.now() - frame.capturedAt());
                Double left = sentAt.remove(result.getFrameId());
                if (left != null) {
                    // The network's part only: the edge's own residence (read to tail done, its clock) is the planner's to model.
                    double atEdge = Math.max(0, result.getTailDoneAtMicros() - result.getReceivedAtMicros()) / 1e6;
                    roundTrips.add(Math.max(0, clock.now() - left - atEdge));
                }
                if (result.getPredictedClass() == frame.label()) {
                    correct.incrementAndGet();
                }
            }
        }
    }

    private Telemetry telemetry(Plan plan, double windowStart, long frames, long drops, double meanHeadSeconds) {
        return Telemetry.newBuilder()
                .setDeviceId(settings.deviceId()).setDeviceClass(settings.deviceClass()).setTaskKind(settings.taskKind())
                .setDeadlineMs(settings.deadlineMs())
                .setWindowStartMicros(wallMicros() - (long) ((clock.now() - windowStart) * 1e6)).setWindowEndMicros(wallMicros())
                .setUplinkThroughputBps(uplink.takeWindowLinkBps()).setRttMs(recentMedian(roundTrips) * 1000)
                .setHeadComputeMs(meanHeadSeconds * 1000).setFramesSent((int) frames).setFramesDropped((int) drops)
                .setQueueLength(queue.size()).setFrameRateHz(offeredRateHz).setPlanEpoch(plan.getEpoch())
                .build();
    }

    /** What the device has done so far; safe to call from another thread while it runs. */
    public DeviceProgress progress() {
        List<Double> recent;
        synchronized (latencies) {
            recent = new ArrayList<>(latencies.subList(Math.max(0, latencies.size() - 200), latencies.size()));
        }
        return new DeviceProgress(settings.deviceId(), captured.get(), sent.get(), answeredIds.size(), dropped.get(), correct.get(),
                plans.current().getEpoch(), recent.stream().mapToDouble(s -> s * 1000).toArray());
    }

    /** Every end-to-end latency measured, in milliseconds, sorted. */
    public double[] latenciesMs() {
        synchronized (latencies) {
            return latencies.stream().mapToDouble(s -> s * 1000).sorted().toArray();
        }
    }

    private DeviceReport report(long captured) {
        List<Double> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        return new DeviceReport(settings.deviceId(), captured, sent.get(), dropped.get(), sorted.size(), duplicates.get(),
                inFlight.size(), correct.get(), 1000 * quantile(sorted, 0.5), 1000 * quantile(sorted, 0.95), plans.switches(),
                new TreeMap<>(framesByPlan));
    }

    /** Median of the last 50 values: the current round trip, not the run's. */
    private static double recentMedian(List<Double> values) {
        List<Double> copy;
        synchronized (values) {
            copy = new ArrayList<>(values.subList(Math.max(0, values.size() - 50), values.size()));
        }
        Collections.sort(copy);
        return copy.isEmpty() ? 0 : copy.get(copy.size() / 2);
    }

    private static double quantile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private Thread thread(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        }, settings.deviceId() + "-" + name);
        t.setDaemon(true);
        return t;
    }

    private <T extends org.apache.avro.specific.SpecificRecord> KafkaProducer<String, T> producer(Class<T> type) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, settings.deviceId() + "-" + type.getSimpleName());
        return new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(type));
    }

    /** Assigned every partition (no group): plans from the beginning (compacted), results from now on. */
    private <T extends org.apache.avro.specific.SpecificRecord> KafkaConsumer<String, T> consumer(Class<T> type, TandemTopic topic,
                                                                                                  boolean fromNow) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.deviceId() + "-" + topic.suffix());
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new AvroDeserializer<>(type));
        String name = settings.topics().name(topic);
        List<TopicPartition> partitions = consumer.partitionsFor(name, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(name, p.partition())).toList();
        consumer.assign(partitions);
        if (fromNow) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        partitions.forEach(consumer::position); // resolve now, before the first frame goes out
        return consumer;
    }

    private static long wallMicros() {
        return System.currentTimeMillis() * 1000;
    }
}
