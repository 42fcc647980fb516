package io.tandem.device;

import io.tandem.stats.Quantiles;

/**
 * The last {@code capacity} values added, the oldest overwritten: current figures in fixed memory.
 * Not thread-safe.
 */
final class RecentValues {

    private final double[] ring;
    private long added;

    RecentValues(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.ring = new double[capacity];
    }

    void add(double value) {
        ring[(int) (added % ring.length)] = value;
        added++;
    }

    /** The values held, oldest first. */
    double[] toArray() {
        int size = (int) Math.min(added, ring.length);
        double[] out = new double[size];
        int oldest = (int) ((added - size) % ring.length);
        for (int i = 0; i < size; i++) {
            out[i] = ring[(oldest + i) % ring.length];
        }
        return out;
    }

    /**
     * The median of the values held; 0 when there are none (telemetry reports 0 for "not
     * measured").
     */
    double median() {
        double[] values = toArray();
        return values.length == 0 ? 0 : Quantiles.median(values);
    }
}
