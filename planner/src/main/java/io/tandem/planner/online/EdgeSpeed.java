package io.tandem.planner.online;

/**
 * Calibrates the planner's idea of the edge's speed from what the tail operator measures: the ratio
 * of modelled to measured utilization, smoothed. A ratio below 1 means the edge is slower than
 * configured (another tenant, a smaller machine), and the planner then offloads less. Windows with
 * too little modelled load say nothing and are skipped.
 */
public final class EdgeSpeed {

    /** Below this modelled utilization, timing noise dominates the ratio. */
    static final double MIN_MODELLED = 0.02;

    static final double MIN = 0.05;
    static final double MAX = 20;

    private EdgeSpeed() {}

    /**
     * The next calibration from the current one and one window's modelled and measured utilization.
     */
    public static double next(double current, double modelled, double measured, double smoothing) {
        if (modelled < MIN_MODELLED || !(measured > 0)) {
            return current;
        }
        double ratio = Math.max(MIN, Math.min(MAX, modelled / measured));
        // Smooth in log space: a 2x too fast and a 2x too slow reading weigh the same.
        double logNext = (1 - smoothing) * Math.log(current) + smoothing * Math.log(ratio);
        return Math.max(MIN, Math.min(MAX, Math.exp(logNext)));
    }
}
