package io.tandem.planner.solve;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.cost.TaskWeights;

/**
 * A device's best response to resource prices: for one split option, the bandwidth b and compute
 * share c minimising {@code cost(L(b, c)) + bandwidthPrice * b + computePrice * c}.
 *
 * <p>The cost is piecewise linear in the latency L, with slope {@code latencyWeight / D} before the
 * deadline and {@code (latencyWeight + penalty) / D} after it. At the optimum some slope k between
 * the two makes (b, c) the minimiser of {@code k * L + prices}, which separates into one convex
 * problem per resource; L falls as k grows, so when neither end applies k is found on L = D by
 * regula falsi in ln k with the Illinois fix: L is smooth in k, so a few steps find the deadline to
 * a billionth, where bisection to the same precision took ~35 (each one two share problems, for
 * every option of every device at every price: most of a large cell's solve).
 */
final class PricedResponse {

    record Response(
            double bandwidthBps, double computeShare, double latency, double cost, double value) {
        boolean feasible() {
            return Double.isFinite(value);
        }
    }

    /**
     * A cap on the steps of the slope search; bisection's bracket reaches SLOPE_TOLERANCE in 40.
     */
    private static final int ITERATIONS = 100;

    /** The latency below the deadline at which the kink's slope is found. */
    private static final double DEADLINE_TOLERANCE = 1e-9;

    /** A bracket on the slope this narrow (relative) ends the search whatever the latency. */
    private static final double SLOPE_TOLERANCE = 1e-10;

    private PricedResponse() {}

    /** The response; the option's shares are remembered in {@code memo} at {@code slot}. */
    static Response of(
            SplitOption option,
            DeviceContext device,
            double bandwidthPrice,
            double computePrice,
            ShareMemo memo,
            int slot) {
        TaskWeights w = device.weights();
        double deadline = device.deadlineSeconds();
        double before = w.latencyWeight() / deadline;
        double after = (w.latencyWeight() + w.deadlinePenalty()) / deadline;
        Response atBefore =
                atSlope(option, device, before, bandwidthPrice, computePrice, memo, slot);
        if (!atBefore.feasible() || atBefore.latency() <= deadline) {
            return atBefore;
        }
        Response atAfter = atSlope(option, device, after, bandwidthPrice, computePrice, memo, slot);
        if (atAfter.latency() >= deadline) {
            return atAfter;
        }
        double lo = before;
        double hi = after;
        double excessLo = atBefore.latency() - deadline;
        double excessHi = atAfter.latency() - deadline;
        double logLo = Math.log(lo);
        double logHi = Math.log(hi);
        Response best = atAfter;
        int side = 0;
        for (int i = 0; i < ITERATIONS && hi - lo > SLOPE_TOLERANCE * hi; i++) {
            double logMid = logHi - excessHi * (logHi - logLo) / (excessHi - excessLo);
            double mid = Math.exp(logMid);
            if (!(mid > lo && mid < hi)) {
                mid = 0.5 * (lo + hi);
                logMid = Math.log(mid);
            }
            Response r = atSlope(option, device, mid, bandwidthPrice, computePrice, memo, slot);
            double excess = r.latency() - deadline;
            if (excess > 0) {
                lo = mid;
                logLo = logMid;
                excessLo = excess;
                if (side == -1) {
                    excessHi /= 2;
                }
                side = -1;
            } else {
                hi = mid;
                logHi = logMid;
                excessHi = excess;
                best = r;
                if (side == 1) {
                    excessLo /= 2;
                }
                side = 1;
                if (excess >= -DEADLINE_TOLERANCE * deadline) {
                    break; // at the deadline, on its safe side
                }
            }
        }
        return best;
    }

    private static Response atSlope(
            SplitOption option,
            DeviceContext device,
            double slope,
            double bandwidthPrice,
            double computePrice,
            ShareMemo memo,
            int slot) {
        double rate = device.frameRateHz();
        double bits = 8 * option.bytesPerFrame();
        double b =
                memo.bandwidth(slot, bits, rate, device.uplinkCapacityBps(), slope, bandwidthPrice);
        double c = memo.compute(slot, option.tailEdgeSeconds(), rate, slope, computePrice);
        if (Double.isNaN(b) || Double.isNaN(c)) {
            return new Response(
                    0,
                    0,
                    Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY);
        }
        double latency = CostModel.latency(option, device, b, c).total();
        double cost = CostModel.costOf(option, device, latency);
        return new Response(b, c, latency, cost, cost + bandwidthPrice * b + computePrice * c);
    }
}
