package io.tandem.traces;

import java.util.Arrays;

/**
 * A link's capacity over time, piecewise constant: segment i holds {@code bps[i]} from {@code
 * ends[i-1]} (0 for the first) to {@code ends[i]}. Past its end the trace starts again (as mahimahi
 * replays its traces), so any time t >= 0 has a capacity.
 */
public final class BandwidthTrace {

    private final String name;
    private final double[] ends;
    private final double[] bps;

    /** cumulative[i] = bits the link can carry from 0 to ends[i]. */
    private final double[] cumulative;

    public BandwidthTrace(String name, double[] ends, double[] bps) {
        if (ends.length == 0 || ends.length != bps.length) {
            throw new IllegalArgumentException(
                    "trace " + name + ": needs as many segment ends as rates, at least one");
        }
        this.name = name;
        this.ends = ends.clone();
        this.bps = bps.clone();
        this.cumulative = new double[ends.length];
        double previous = 0;
        double bits = 0;
        for (int i = 0; i < ends.length; i++) {
            if (!(ends[i] > previous) || !(bps[i] >= 0) || !Double.isFinite(bps[i])) {
                throw new IllegalArgumentException(
                        "trace "
                                + name
                                + ": segment "
                                + i
                                + " must end after the last and have a finite rate >= 0");
            }
            bits += bps[i] * (ends[i] - previous);
            cumulative[i] = bits;
            previous = ends[i];
        }
        if (!(bits > 0)) {
            throw new IllegalArgumentException("trace " + name + " never carries any data");
        }
    }

    public String name() {
        return name;
    }

    /** Length of one period, seconds. */
    public double duration() {
        return ends[ends.length - 1];
    }

    /** Time-weighted mean capacity over one period, bit/s. */
    public double meanBps() {
        return cumulative[cumulative.length - 1] / duration();
    }

    /** Capacity at time t (seconds, looping), bit/s. */
    public double bpsAt(double t) {
        return bps[segmentAt(wrap(t))];
    }

    /** Bits the link can carry in [0, t], counting whole periods. */
    public double bitsUntil(double t) {
        if (t <= 0) {
            return 0;
        }
        double periods = Math.floor(t / duration());
        double within = t - periods * duration();
        int i = segmentAt(within);
        double before = i == 0 ? 0 : cumulative[i - 1];
        double start = i == 0 ? 0 : ends[i - 1];
        return periods * cumulative[cumulative.length - 1] + before + bps[i] * (within - start);
    }

    /** Mean capacity over [from, to], bit/s. */
    public double meanBps(double from, double to) {
        if (!(to > from)) {
            return bpsAt(from);
        }
        return (bitsUntil(to) - bitsUntil(from)) / (to - from);
    }

    /**
     * When {@code bits} sent from {@code start} at most {@code ceilingBps} (the sender's own
     * allocation) finish: the link gives min(capacity(t), ceiling) at every instant.
     */
    public double finishTime(double start, double bits, double ceilingBps) {
        if (bits <= 0) {
            return start;
        }
        if (!(ceilingBps > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double t = start;
        double left = bits;
        double period = duration();
        double base = Math.floor(t / period) * period;
        int i = segmentAt(t - base);
        int idleSegments = 0;
        while (true) {
            double rate = Math.min(bps[i], ceilingBps);
            double segmentEnd = base + ends[i];
            if (rate > 0) {
                idleSegments = 0;
                double needed = left / rate;
                if (t + needed <= segmentEnd) {
                    return t + needed;
                }
                left -= rate * (segmentEnd - t);
            } else if (++idleSegments > ends.length) {
                return Double.POSITIVE_INFINITY; // cannot happen: some segment carries data
            }
            t = segmentEnd;
            if (++i == ends.length) {
                i = 0;
                base += period;
            }
        }
    }

    private double wrap(double t) {
        double period = duration();
        double w = t % period;
        return w < 0 ? w + period : w;
    }

    /** The segment holding time t in [0, duration). */
    private int segmentAt(double t) {
        int i = Arrays.binarySearch(ends, t);
        // An exact hit on ends[i] is the start of segment i + 1.
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, ends.length - 1);
    }

    @Override
    public String toString() {
        return String.format("%s (%.0f s, mean %.2f Mbit/s)", name, duration(), meanBps() / 1e6);
    }
}
