package io.tandem.device;

import io.tandem.schema.FeatureFrame;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Frames waiting for the uplink, oldest first. A frame that waited past the bound is dropped (stale
 * frames are worthless), so the backlog never holds more than the bound's worth of frames. The
 * capture thread adds and drops; the uplink thread takes.
 */
final class Backlog {

    /**
     * A frame waiting, queued at device time {@code queuedAt}, to go out at most at {@code
     * allocationBps}.
     */
    record Queued(FeatureFrame frame, double queuedAt, double allocationBps) {}

    private final double maxWaitSeconds;
    private final LinkedBlockingDeque<Queued> queue = new LinkedBlockingDeque<>();
    private final AtomicLong dropped = new AtomicLong();

    Backlog(double maxWaitSeconds) {
        this.maxWaitSeconds = maxWaitSeconds;
    }

    void add(Queued frame) {
        queue.addLast(frame);
    }

    /**
     * Drops, oldest first, the frames waiting past the bound at {@code now}; their ids go to {@code
     * onDrop}.
     */
    void dropStale(double now, LongConsumer onDrop) {
        Queued oldest;
        while ((oldest = queue.peekFirst()) != null && now - oldest.queuedAt() > maxWaitSeconds) {
            if (queue.remove(oldest)) { // false when the uplink took it meanwhile
                dropped.incrementAndGet();
                onDrop.accept(oldest.frame().getFrameId());
            }
        }
    }

    /** The oldest frame, waiting up to {@code timeoutMillis} for one; null if none came. */
    Queued take(long timeoutMillis) throws InterruptedException {
        return queue.pollFirst(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    long dropped() {
        return dropped.get();
    }
}
