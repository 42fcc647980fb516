package io.tandem.traces;

import io.tandem.stats.Quantiles;

/**
 * Samples taken at increasing times, each giving the rate over the interval that ends at it (the
 * convention of the Pensieve traces and of interval counters); the first sample covers one median
 * sample step. Times are shifted so the trace starts at 0.
 */
final class StepSamples {

    private StepSamples() {}

    static BandwidthTrace toTrace(String name, double[] times, double[] bps) {
        int n = times.length;
        if (n == 0) {
            throw new TraceFormatException(name + ": no samples");
        }
        double step = medianStep(times);
        double origin = times[0] - step;
        double[] ends = new double[n];
        for (int i = 0; i < n; i++) {
            ends[i] = times[i] - origin;
        }
        return new BandwidthTrace(name, ends, bps);
    }

    private static double medianStep(double[] times) {
        if (times.length < 2) {
            return 1.0;
        }
        double[] steps = new double[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            steps[i - 1] = times[i] - times[i - 1];
        }
        return Quantiles.median(steps);
    }
}
