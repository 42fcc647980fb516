package io.tandem.simulator;

import io.tandem.stats.Quantiles;

/**
 * Frame latencies in logarithmic bins from 0.1 ms to 1000 s (about 0.5% wide): percentiles and a
 * CDF without keeping a million samples per planner.
 */
final class LatencyHistogram {

    private static final double MIN = 1e-4;
    private static final double MAX = 1e3;
    private static final int BINS = 3200;
    private static final double LOG_RANGE = Math.log(MAX / MIN);

    private final long[] counts = new long[BINS];
    private long total;

    void add(double seconds) {
        counts[bin(seconds)]++;
        total++;
    }

    /** The q-quantile (0..1), at its bin's upper edge: within 0.5% above the true value. */
    double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Quantiles.rank(total, q);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperEdge(i);
            }
        }
        return MAX;
    }

    /** Points (latency seconds, fraction at or below) at each non-empty bin. */
    double[][] cdf() {
        int nonEmpty = 0;
        for (long c : counts) {
            if (c > 0) {
                nonEmpty++;
            }
        }
        double[][] points = new double[nonEmpty][];
        long seen = 0;
        int p = 0;
        for (int i = 0; i < BINS; i++) {
            if (counts[i] > 0) {
                seen += counts[i];
                points[p++] = new double[] {upperEdge(i), (double) seen / total};
            }
        }
        return points;
    }

    private static int bin(double seconds) {
        if (!(seconds > MIN)) {
            return 0;
        }
        int i = (int) (Math.log(seconds / MIN) / LOG_RANGE * BINS);
        return Math.min(BINS - 1, i);
    }

    private static double upperEdge(int i) {
        return MIN * Math.exp(LOG_RANGE * (i + 1) / BINS);
    }
}
