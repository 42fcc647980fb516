package io.tandem.device;

import io.tandem.models.Tensor;
import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.wire.FeatureFrames;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.Plan;

/**
 * The capture thread's work, one frame at a time at the plan's rate: the test images in order
 * (their labels go to the scorer), the head and codec under the plan taken up at that frame, then
 * the frame queued for the uplink. Stale frames are dropped from the backlog at each frame
 * boundary, before the new one joins it. Not thread-safe: the capture thread owns it.
 */
final class FrameCapture {

    /**
     * One frame captured: the plan it ran under and how long its head (and codec) took, device
     * time.
     */
    record Captured(Plan plan, double headSeconds) {}

    private final DeviceSettings settings;
    private final HeadStage head;
    private final LabeledImages images;
    private final DeviceClock clock;
    private final PlanFollower plans;
    private final Backlog backlog;
    private final ResultScorer scorer;
    private volatile long nextFrameId; // read by progress() from other threads
    private double nextDue;

    FrameCapture(
            DeviceSettings settings,
            HeadStage head,
            LabeledImages images,
            DeviceClock clock,
            PlanFollower plans,
            Backlog backlog,
            ResultScorer scorer) {
        this.settings = settings;
        this.head = head;
        this.images = images;
        this.clock = clock;
        this.plans = plans;
        this.backlog = backlog;
        this.scorer = scorer;
    }

    /** The first frame is due at device time {@code start}. */
    void startAt(double start) {
        nextDue = start;
    }

    /** Waits until the next frame is due, then captures and queues it. */
    Captured captureNext() throws InterruptedException {
        clock.sleepUntil(nextDue);
        Plan plan = plans.forNextFrame();
        backlog.dropStale(clock.now(), scorer::dropped);
        long frameId = nextFrameId++;
        int index = (int) (frameId % images.count());
        Tensor image = images.batch(index, index + 1);
        long capturedMicros = clock.wallMicros();
        double capturedAt = clock.now();
        EncodedFeatures encoded = head.run(plan, image);
        if (settings.emulatedFlops() > 0) {
            // Play the device class: the head takes as long as its FLOPs need at the class's speed.
            clock.sleepUntil(capturedAt + head.headFlops(plan) / settings.emulatedFlops());
        }
        double headSeconds = clock.now() - capturedAt;
        FeatureFrames.Header header =
                new FeatureFrames.Header(
                        settings.deviceId(),
                        frameId,
                        settings.modelId(),
                        plan.getVersion(),
                        plan.getPartition(),
                        plan.getEpoch(),
                        capturedMicros,
                        clock.wallMicros(),
                        0);
        FeatureFrame frame = FeatureFrames.toFrame(header, encoded);
        scorer.captured(frameId, images.labels()[index], capturedAt);
        backlog.add(new Backlog.Queued(frame, capturedAt, plan.getUplinkBandwidthBps()));
        nextDue += 1.0 / plan.getFrameRateHz();
        return new Captured(plan, headSeconds);
    }

    /** Frames captured so far. */
    long captured() {
        return nextFrameId;
    }
}
