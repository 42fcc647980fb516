package io.tandem.planner.online;

/**
 * The rate that clears a device's queue in time: the frames it reports waiting, drained within its
 * deadline (frames older than that are late anyway) or one planning interval, whichever is longer.
 */
public final class BacklogDrain {

    private BacklogDrain() {}

    /** Frames per second on top of the device's own rate that drain {@code queuedFrames}. */
    public static double rateHz(int queuedFrames, double deadlineSeconds, double intervalSeconds) {
        return queuedFrames / Math.max(deadlineSeconds, intervalSeconds);
    }
}
