package io.tandem.planner.solve;

import io.tandem.planner.cost.CostModel;

/**
 * A resource a device uses through an M/D/1 queue: per frame it needs {@code work} units (bits on
 * the uplink, edge-seconds of compute), at {@code rate} frames per second. With an amount x of the
 * resource its delay is {@code Q(x) = t + W(r t, t)}, {@code t = work / x}: convex and decreasing
 * in x, infinite at or below the stability point {@code x = rate * work}.
 */
final class QueuedResource {

    private static final int ITERATIONS = 100;

    private QueuedResource() {
    }

    static double delay(double work, double rate, double amount) {
        if (work == 0) {
            return 0;
        }
        if (!(amount > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double t = work / amount;
        return t + CostModel.mD1Wait(rate * t, t);
    }

    /**
     * The amount in [0, cap] minimising {@code slope * Q(x) + price * x}; NaN when even {@code cap}
     * cannot keep the queue stable.
     */
    static double best(double work, double rate, double cap, double slope, double price) {
        if (work == 0) {
            return 0;
        }
        double stable = rate * work;
        if (!(cap > stable)) {
            return Double.NaN;
        }
        if (price <= 0 || derivative(work, rate, cap, slope, price) <= 0) {
            return cap;
        }
        double lo = stable;
        double hi = cap;
        for (int i = 0; i < ITERATIONS && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (derivative(work, rate, mid, slope, price) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** d/dx of slope * Q(x) + price * x. */
    private static double derivative(double work, double rate, double x, double slope, double price) {
        double t = work / x;
        double u = rate * t;
        if (u >= 1) {
            return Double.NEGATIVE_INFINITY;
        }
        double dQdt = 1 + u * (2 - u) / (2 * (1 - u) * (1 - u));
        return -slope * dQdt * t / x + price;
    }
}
