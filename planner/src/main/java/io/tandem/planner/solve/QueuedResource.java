package io.tandem.planner.solve;

import io.tandem.planner.cost.CostModel;

/**
 * A resource a device uses through an M/D/1 queue: per frame it needs {@code work} units (bits on
 * the uplink, edge-seconds of compute), at {@code rate} frames per second. With an amount x of the
 * resource its delay is {@code Q(x) = t + W(r t, t)}, {@code t = work / x}: convex and decreasing
 * in x, infinite at or below the stability point {@code x = rate * work}.
 *
 * <p>In the utilisation {@code u = rate * work / x} the optimality condition of {@code slope * Q(x)
 * + price * x} is {@code h(u) = u^2 (1 + 1 / (1 - u)^2) = 2 price work rate^2 / slope}, with h
 * increasing on (0, 1): one root, found by safeguarded Newton in a handful of steps (this runs for
 * every device and option at every price the solver tries).
 */
final class QueuedResource {

    private static final int ITERATIONS = 60;
    private static final double TOLERANCE = 1e-13;

    private QueuedResource() {}

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
        if (price <= 0) {
            return cap;
        }
        double target = 2 * price * work * rate * rate / slope;
        double atCap = stable / cap;
        if (h(atCap) >= target) {
            return cap; // even the whole capacity is worth its price
        }
        return stable / utilisation(target, atCap);
    }

    /** The root of h(u) = target in (lo, 1), given h(lo) < target. */
    private static double utilisation(double target, double lo) {
        if (Double.isInfinite(target)) {
            return Math.nextDown(1.0);
        }
        double hi = 1;
        double u = Math.max(lo, Math.min(Math.sqrt(target / 2), 1 - 1 / Math.sqrt(target + 1)));
        if (u <= lo || u >= hi) {
            u = 0.5 * (lo + hi);
        }
        for (int i = 0; i < ITERATIONS; i++) {
            double value = h(u) - target;
            if (value > 0) {
                hi = u;
            } else {
                lo = u;
            }
            double next = u - value / hPrime(u);
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - u) <= TOLERANCE) {
                return next;
            }
            u = next;
        }
        return u;
    }

    private static double h(double u) {
        double v = 1 - u;
        return u * u * (1 + 1 / (v * v));
    }

    private static double hPrime(double u) {
        double v = 1 - u;
        return 2 * u * (1 + 1 / (v * v)) + 2 * u * u / (v * v * v);
    }
}
