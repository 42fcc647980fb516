package io.tandem.simulator;

/**
 * What a replanning planner believes of one device's uplink: an exponentially weighted mean of
 * the capacities measured over past windows. (Measured on the shared traces: the last window
 * alone, or the lower of it and the mean, did no better and flapped more.)
 */
final class UplinkEstimate {

    static final double WEIGHT = 0.3;

    private double ewma = Double.NaN;

    void measured(double bps) {
        ewma = Double.isNaN(ewma) ? bps : WEIGHT * bps + (1 - WEIGHT) * ewma;
    }

    double bps() {
        return ewma;
    }
}
