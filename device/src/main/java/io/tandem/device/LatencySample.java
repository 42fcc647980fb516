package io.tandem.device;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Every value added, up to {@code capacity}; past it, a uniform sample of all of them (reservoir
 * sampling). Runs that fit keep exact quantiles; longer runs keep fixed memory and unbiased ones.
 * Not thread-safe.
 */
final class LatencySample {

    private final double[] values;
    private final SplittableRandom random;
    private long seen;

    /**
     * @param seed decides which values a full sample keeps, so reruns keep the same ones
     */
    LatencySample(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.values = new double[capacity];
        this.random = new SplittableRandom(seed);
    }

    void add(double value) {
        if (seen < values.length) {
            values[(int) seen] = value;
        } else {
            long slot = random.nextLong(seen + 1);
            if (slot < values.length) {
                values[(int) slot] = value;
            }
        }
        seen++;
    }

    /** Values added so far, kept or not. */
    long seen() {
        return seen;
    }

    /** The values kept, sorted; all of them while {@link #seen()} is at most the capacity. */
    double[] sorted() {
        double[] kept = Arrays.copyOf(values, (int) Math.min(seen, values.length));
        Arrays.sort(kept);
        return kept;
    }
}
