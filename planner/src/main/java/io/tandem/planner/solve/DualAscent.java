package io.tandem.planner.solve;

import java.util.List;
import java.util.function.DoubleFunction;

import io.tandem.planner.cost.SplitOption;

/**
 * Lagrangian relaxation of the cell's two capacity constraints. With a price on bandwidth and one
 * on compute, the problem splits into one small problem per device ({@link PricedResponse}, over
 * its candidate options). The dual value {@code sum of device values - prices * capacities} is a
 * lower bound on the optimum for any prices >= 0; the prices are raised by alternating bisection
 * until each resource's demand meets its capacity.
 */
final class DualAscent {

    private static final int ROUNDS = 8;
    private static final int BISECTIONS = 50;

    /** Every device's response at one pair of prices. */
    record Priced(double bandwidthPrice, double computePrice, int[] choice, PricedResponse.Response[] responses,
                  double dualValue, double bandwidthDemand, double computeDemand) {
    }

    /** The best lower bound seen, and the last prices at which demand fits the capacities. */
    record Result(double lowerBound, Priced feasibleSide) {
    }

    private final List<Problem.Device> devices;
    private final List<List<SplitOption>> candidates;
    private final double ingress;
    private double bestBound = Double.NEGATIVE_INFINITY;

    DualAscent(List<Problem.Device> devices, List<List<SplitOption>> candidates, double ingress) {
        this.devices = devices;
        this.candidates = candidates;
        this.ingress = ingress;
    }

    Result run() {
        double lambda = 0;
        double mu = 0;
        Priced current = evaluate(lambda, mu);
        for (int round = 0; round < ROUNDS; round++) {
            final double fixedMu = mu;
            lambda = balance(l -> evaluate(l, fixedMu), p -> p.bandwidthDemand() - ingress, 1e-3 / ingress);
            final double fixedLambda = lambda;
            mu = balance(m -> evaluate(fixedLambda, m), p -> p.computeDemand() - 1.0, 1e-3);
            Priced next = evaluate(lambda, mu);
            boolean settled = Math.abs(next.dualValue() - current.dualValue()) <= 1e-9 * Math.max(1, Math.abs(next.dualValue()));
            current = next;
            if (settled && fits(current)) {
                break;
            }
        }
        return new Result(bestBound, current);
    }

    private boolean fits(Priced p) {
        return p.bandwidthDemand() <= ingress * (1 + 1e-9) && p.computeDemand() <= 1 + 1e-9;
    }

    /** The smallest price at which the excess demand is <= 0 (0 if it already is at price 0). */
    private double balance(DoubleFunction<Priced> at, java.util.function.ToDoubleFunction<Priced> excess, double start) {
        if (excess.applyAsDouble(at.apply(0)) <= 0) {
            return 0;
        }
        double lo = 0;
        double hi = start;
        while (excess.applyAsDouble(at.apply(hi)) > 0) {
            lo = hi;
            hi *= 4;
            if (hi > 1e12) {
                return hi; // demand cannot be met at any price: some device has no stable option
            }
        }
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = 0.5 * (lo + hi);
            if (excess.applyAsDouble(at.apply(mid)) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    Priced evaluate(double bandwidthPrice, double computePrice) {
        int n = devices.size();
        int[] choice = new int[n];
        PricedResponse.Response[] responses = new PricedResponse.Response[n];
        double total = 0;
        double bandwidth = 0;
        double compute = 0;
        for (int i = 0; i < n; i++) {
            PricedResponse.Response best = null;
            List<SplitOption> options = candidates.get(i);
            for (int k = 0; k < options.size(); k++) {
                PricedResponse.Response r = PricedResponse.of(options.get(k), devices.get(i).context(), bandwidthPrice, computePrice);
                if (best == null || r.value() < best.value()) {
                    best = r;
                    choice[i] = k;
                }
            }
            responses[i] = best;
            total += best.value();
            bandwidth += best.bandwidthBps();
            compute += best.computeShare();
        }
        double dual = total - bandwidthPrice * ingress - computePrice;
        if (dual > bestBound) {
            bestBound = dual;
        }
        return new Priced(bandwidthPrice, computePrice, choice, responses, dual, bandwidth, compute);
    }
}
