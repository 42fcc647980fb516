package io.tandem.planner.solve;

/**
 * Remembers, per device option, the last bandwidth and compute shares solved and the (slope, price)
 * they were solved for. While the solver moves one price, the other resource's share of every
 * option is unchanged, so half the share problems are answered from here.
 */
final class ShareMemo {

    private final double[] bandwidthKey;
    private final double[] bandwidthSlope;
    private final double[] bandwidth;
    private final double[] computeKey;
    private final double[] computeSlope;
    private final double[] compute;

    ShareMemo(int slots) {
        bandwidthKey = filled(slots);
        bandwidthSlope = filled(slots);
        bandwidth = new double[slots];
        computeKey = filled(slots);
        computeSlope = filled(slots);
        compute = new double[slots];
    }

    double bandwidth(int slot, double work, double rate, double cap, double slope, double price) {
        if (bandwidthKey[slot] != price || bandwidthSlope[slot] != slope) {
            bandwidth[slot] = QueuedResource.best(work, rate, cap, slope, price);
            bandwidthKey[slot] = price;
            bandwidthSlope[slot] = slope;
        }
        return bandwidth[slot];
    }

    double compute(int slot, double work, double rate, double slope, double price) {
        if (computeKey[slot] != price || computeSlope[slot] != slope) {
            compute[slot] = QueuedResource.best(work, rate, 1.0, slope, price);
            computeKey[slot] = price;
            computeSlope[slot] = slope;
        }
        return compute[slot];
    }

    private static double[] filled(int slots) {
        double[] keys = new double[slots];
        java.util.Arrays.fill(
                keys, Double.NaN); // NaN never equals a price: every slot starts empty
        return keys;
    }
}
