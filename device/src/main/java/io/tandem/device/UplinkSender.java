package io.tandem.device;

import io.tandem.schema.FeatureFrame;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The uplink thread's work: the oldest waiting frame goes through the emulated link (the {@link
 * UplinkShaper} holds it as long as the link needs), is stamped with when it left and is published.
 * Counts the frames sent, also per plan split.
 */
final class UplinkSender {

    private final Backlog backlog;
    private final UplinkShaper uplink;
    private final ResultScorer scorer;
    private final DeviceClock clock;
    private final Consumer<FeatureFrame> publish;
    private final AtomicLong sent = new AtomicLong();
    private final Map<String, Long> framesByPlan = new ConcurrentHashMap<>();

    UplinkSender(
            Backlog backlog,
            UplinkShaper uplink,
            ResultScorer scorer,
            DeviceClock clock,
            Consumer<FeatureFrame> publish) {
        this.backlog = backlog;
        this.uplink = uplink;
        this.scorer = scorer;
        this.clock = clock;
        this.publish = publish;
    }

    /**
     * Sends the oldest waiting frame, waiting up to {@code timeoutMillis} for one; false if none
     * came.
     */
    boolean sendNext(long timeoutMillis) throws InterruptedException {
        Backlog.Queued next = backlog.take(timeoutMillis);
        if (next == null) {
            return false;
        }
        FeatureFrame frame = next.frame();
        // No allocation yet (the safe default): the device may use its whole link.
        double allocation = next.allocationBps() > 0 ? next.allocationBps() : Double.MAX_VALUE;
        double left = uplink.send(frame.getPayload().remaining(), allocation);
        frame.setSentAtMicros(clock.wallMicros());
        scorer.left(frame.getFrameId(), left); // before publishing: the answer cannot come sooner
        publish.accept(frame);
        sent.incrementAndGet();
        framesByPlan.merge(planKey(frame), 1L, Long::sum);
        return true;
    }

    long sent() {
        return sent.get();
    }

    /** Frames sent per {@code epoch:version/partition/codec}, sorted by key. */
    Map<String, Long> framesByPlan() {
        return new TreeMap<>(framesByPlan);
    }

    private static String planKey(FeatureFrame frame) {
        return frame.getPlanEpoch()
                + ":"
                + frame.getVersion()
                + "/"
                + frame.getPartition()
                + "/"
                + frame.getCodec();
    }
}
