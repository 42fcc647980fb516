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
 * increasing on (0, 1): one root. In {@code r = u / (1 - u)} the condition reads {@code g(r) = r^2
 * (1 + 1 / (1 + r)^2) = target}, g convex and increasing on r > 0 with its root between {@code
 * sqrt(target / 2)} and {@code sqrt(target)}: Newton's method from one fixed-point step there takes
 * three or four steps of plain arithmetic to full precision, whatever the target. (In u itself
 * Newton crawls wherever h is steep, u near 1: tens of steps, and this runs for every device and
 * option at every price and slope the solver tries.) Both {@code u = r / (1 + r)} and {@code 1 - u
 * = 1 / (1 + r)} keep their relative precision.
 */
final class QueuedResource {

    /** A cap on Newton steps; four are the most any target needs. */
    private static final int ITERATIONS = 20;

    /** Relative step in r below which the root is found. */
    private static final double TOLERANCE = 1e-14;

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
        double r = Math.sqrt(target); // g(r) = target within a factor sqrt(2): refine once
        double q = 1 / (1 + r);
        r = Math.sqrt(target / (1 + q * q));
        for (int i = 0; i < ITERATIONS; i++) {
            q = 1 / (1 + r);
            double qq = q * q;
            double step = (r * r * (1 + qq) - target) / (2 * r * (1 + qq * q));
            r -= step;
            if (!(Math.abs(step) > TOLERANCE * r)) {
                break;
            }
        }
        double u = r / (1 + r);
        // Clamped to the open interval the caller asked for, which rounding could leave by an ulp.
        return Math.min(Math.nextDown(1.0), Math.max(lo, u));
    }

    private static double h(double u) {
        double v = 1 - u;
        return u * u * (1 + 1 / (v * v));
    }
}
