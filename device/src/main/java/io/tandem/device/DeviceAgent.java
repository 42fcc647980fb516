package io.tandem.device;

import io.tandem.models.eval.LabeledImages;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.Plan;
import io.tandem.stats.Quantiles;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One device, as four threads over its parts. The calling thread captures frames at the plan's rate
 * ({@link FrameCapture}) and closes telemetry windows ({@link TelemetryWindow}); an uplink thread
 * sends queued frames through the emulated link ({@link UplinkSender}); one thread follows this
 * device's plans ({@link PlanFollower}), one scores its answers ({@link ResultScorer}). All talk
 * goes through a {@link DeviceTransport}: Kafka, unless the caller gives another.
 */
public final class DeviceAgent {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final long UPLINK_WAIT_MILLIS = 50;

    private final DeviceSettings settings;
    private final DeviceClock clock;
    private final UplinkShaper uplink;
    private final Supplier<? extends DeviceTransport> transports;

    /**
     * The rate this device's source offers frames at; a plan may admit fewer (admission control).
     */
    private final double offeredRateHz;

    private final HeadStage head;
    private final PlanFollower plans;
    private final Backlog backlog;
    private final ResultScorer scorer;
    private final FrameCapture capture;
    private final UplinkSender sender;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile DeviceTransport transport;
    private volatile Exception failure;

    /** The capture thread's. */
    private TelemetryWindow window;

    /** A device on the Kafka cluster its settings name. */
    public DeviceAgent(
            DeviceSettings settings,
            Plan safeDefault,
            HeadStage head,
            LabeledImages images,
            UplinkShaper uplink,
            DeviceClock clock) {
        this(
                settings,
                safeDefault,
                head,
                images,
                uplink,
                clock,
                () -> KafkaDeviceTransport.open(settings, head.models().downloadsVersions()));
    }

    /**
     * @param transports opens this device's transport when it starts running; the agent closes it
     */
    public DeviceAgent(
            DeviceSettings settings,
            Plan safeDefault,
            HeadStage head,
            LabeledImages images,
            UplinkShaper uplink,
            DeviceClock clock,
            Supplier<? extends DeviceTransport> transports) {
        this.settings = settings;
        this.clock = clock;
        this.uplink = uplink;
        this.transports = transports;
        this.offeredRateHz = safeDefault.getFrameRateHz();
        this.head = head;
        this.plans = new PlanFollower(safeDefault, head::readiness);
        this.backlog = new Backlog(settings.maxBacklogSeconds());
        // A frame waits at most the backlog bound to leave, and an answer is waited for at most the
        // drain time after.
        this.scorer = new ResultScorer(settings.maxBacklogSeconds() + settings.drainSeconds());
        this.capture = new FrameCapture(settings, head, images, clock, plans, backlog, scorer);
        this.sender =
                new UplinkSender(
                        backlog, uplink, scorer, clock, frame -> transport.publishFeatures(frame));
    }

    /** Runs for {@code seconds} of capture, then waits up to the drain time for answers. */
    public DeviceReport run(double seconds) throws InterruptedException {
        try (DeviceTransport opened = open()) {
            List<Thread> threads =
                    List.of(
                            thread("plans", () -> loop(() -> followPlans(POLL))),
                            thread("results", () -> loop(() -> readResults(POLL))),
                            thread("uplink", this::sendFrames));
            threads.forEach(Thread::start);
            try {
                double start = clock.now();
                begin(start);
                while (clock.now() - start < seconds && failure == null) {
                    captureNext();
                }
                double drainUntil = clock.now() + settings.drainSeconds();
                while ((!backlog.isEmpty() || scorer.awaiting() > 0)
                        && clock.now() < drainUntil
                        && failure == null) {
                    TimeUnit.MILLISECONDS.sleep(20);
                }
            } finally {
                // Before the transport closes: its consumers belong to these threads.
                running.set(false);
                for (Thread t : threads) {
                    t.join(10_000);
                }
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "device " + settings.deviceId() + " failed: " + failure.getMessage(),
                        failure);
            }
            return report();
        }
    }

    /** Opens the transport the steps below use. */
    DeviceTransport open() {
        transport = transports.get();
        return transport;
    }

    /**
     * Capture starts at device time {@code start}: the first frame is due, the first window opens.
     */
    void begin(double start) {
        capture.startAt(start);
        window = new TelemetryWindow(settings, offeredRateHz, start);
    }

    /** The capture thread's step: one frame, then the window's telemetry if the window is over. */
    void captureNext() throws InterruptedException {
        FrameCapture.Captured frame = capture.captureNext();
        window.frameCaptured(frame.headSeconds());
        double now = clock.now();
        if (window.due(now)) {
            TelemetryWindow.Measured measured =
                    new TelemetryWindow.Measured(
                            sender.sent(),
                            backlog.dropped(),
                            backlog.size(),
                            uplink.takeWindowLinkBps(),
                            scorer.recentRoundTripSeconds(),
                            head.models().heldVersions(),
                            head.models().pendingVersion().orElse(null),
                            head.models().refusedDownloads());
            transport.publishTelemetry(
                    window.close(now, clock.wallMicros(), frame.plan().getEpoch(), measured));
        }
    }

    /**
     * The uplink thread's step: sends the oldest waiting frame; false if none came within the
     * timeout.
     */
    boolean sendNext(long timeoutMillis) throws InterruptedException {
        return sender.sendNext(timeoutMillis);
    }

    /**
     * The plans thread's step: the versions announced (before the plans that may name them), then
     * this device's new plans, taken up at the next frame boundary.
     */
    void followPlans(Duration timeout) {
        transport.pollAnnouncements(Duration.ZERO).forEach(head.models()::announce);
        transport.pollPlans(timeout).forEach(plans::offer);
    }

    /**
     * The results thread's step: scores the answers, then forgets frames past the scorer's horizon.
     */
    void readResults(Duration timeout) {
        for (InferenceResult result : transport.pollResults(timeout)) {
            scorer.answer(result, clock.now());
        }
        scorer.forget(clock.now());
    }

    /** What the device has done so far; safe to call from another thread while it runs. */
    public DeviceProgress progress() {
        return new DeviceProgress(
                settings.deviceId(),
                capture.captured(),
                sender.sent(),
                scorer.answered(),
                backlog.dropped(),
                scorer.correct(),
                plans.current().getEpoch(),
                scorer.recentLatenciesMs());
    }

    /**
     * Every end-to-end latency measured, in milliseconds, sorted; past 65,536 answers, a uniform
     * sample of them.
     */
    public double[] latenciesMs() {
        return Arrays.stream(scorer.latenciesSorted()).map(s -> s * 1000).toArray();
    }

    DeviceReport report() {
        double[] sorted = scorer.latenciesSorted();
        return new DeviceReport(
                settings.deviceId(),
                capture.captured(),
                sender.sent(),
                backlog.dropped(),
                scorer.answered(),
                scorer.duplicates(),
                scorer.unanswered(),
                scorer.correct(),
                1000 * Quantiles.ofSorted(sorted, 0.5),
                1000 * Quantiles.ofSorted(sorted, 0.95),
                plans.switches(),
                plans.refused(),
                sender.framesByPlan());
    }

    private void sendFrames() {
        try {
            while (running.get()) {
                sender.sendNext(UPLINK_WAIT_MILLIS);
            }
            transport.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop(Runnable step) {
        while (running.get()) {
            step.run();
        }
    }

    private Thread thread(String name, Runnable body) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                body.run();
                            } catch (RuntimeException e) {
                                failure = e;
                            }
                        },
                        settings.deviceId() + "-" + name);
        t.setDaemon(true);
        return t;
    }
}
