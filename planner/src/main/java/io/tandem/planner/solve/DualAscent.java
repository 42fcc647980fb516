package io.tandem.planner.solve;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;

/**
 * Lagrangian relaxation of the cell's two capacity constraints. With a price on bandwidth and one
 * on compute, the problem splits into one small problem per device ({@link PricedResponse}, over
 * its candidate options). The dual value {@code sum of device values - prices * capacities} is a
 * lower bound on the optimum for any prices >= 0; the prices are raised by alternating bisection
 * until each resource's demand meets its capacity.
 *
 * <p>Most of the time goes into device responses, so two things keep their number down: each
 * bisection starts from the last price and stops at a relative width of {@value #PRICE_TOLERANCE};
 * and an option is only solved when a cheap lower bound on its priced value (its cost with the
 * whole link and edge, plus the prices of the least resources that keep its queues stable) beats
 * the device's best option so far, starting from the device's previous choice.
 */
final class DualAscent {

    private static final int MAX_ROUNDS = 12;
    /** Cells at least this large spread each evaluation over the common fork-join pool. */
    private static final int PARALLEL_FROM = 512;
    private static final double PRICE_TOLERANCE = 1e-6;
    private static final int MAX_BISECTIONS = 60;
    /** A price is close enough once demand fits and leaves less than this fraction of the capacity unused. */
    private static final double DEMAND_TOLERANCE = 1e-4;

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
    /** Per device and option: price-free part of the screening bound, and the least stable bandwidth and compute. */
    private final double[][] floorCost;
    private final double[][] leastBandwidth;
    private final double[][] leastCompute;
    private final int[] lastChoice;
    /** A first guess at the order of the prices: a hundredth of the cell's best-case cost per unit of each resource. */
    private final double priceScale;
    private double bestBound = Double.NEGATIVE_INFINITY;

    DualAscent(List<Problem.Device> devices, List<List<SplitOption>> candidates, double ingress) {
        this.devices = devices;
        this.candidates = candidates;
        this.ingress = ingress;
        int n = devices.size();
        floorCost = new double[n][];
        leastBandwidth = new double[n][];
        leastCompute = new double[n][];
        lastChoice = new int[n];
        double floorTotal = 0;
        for (int i = 0; i < n; i++) {
            DeviceContext context = devices.get(i).context();
            List<SplitOption> options = candidates.get(i);
            int k = options.size();
            floorCost[i] = new double[k];
            leastBandwidth[i] = new double[k];
            leastCompute[i] = new double[k];
            for (int j = 0; j < k; j++) {
                SplitOption option = options.get(j);
                // The whole link and the whole edge give the lowest latency the option can have.
                floorCost[i][j] = CostModel.cost(option, context, context.uplinkCapacityBps(), 1.0);
                leastBandwidth[i][j] = context.frameRateHz() * 8 * option.bytesPerFrame();
                leastCompute[i][j] = context.frameRateHz() * option.tailEdgeSeconds();
                if (floorCost[i][j] < floorCost[i][lastChoice[i]]) {
                    lastChoice[i] = j;
                }
            }
            floorTotal += k == 0 || !Double.isFinite(floorCost[i][lastChoice[i]]) ? 0 : floorCost[i][lastChoice[i]];
        }
        priceScale = floorTotal > 0 ? 0.01 * floorTotal : 1e-3;
    }

    /** Asked after every round whether the bound and the feasible side's choices are good enough to stop. */
    interface RoundCheck {
        boolean enough(double lowerBound, Priced feasibleSide);
    }

    Result run() {
        return run((bound, priced) -> false);
    }

    Result run(RoundCheck check) {
        double lambda = 0;
        double mu = 0;
        Priced current = evaluate(lambda, mu);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            final double fixedMu = mu;
            lambda = balance(l -> evaluate(l, fixedMu), p -> p.bandwidthDemand() - ingress, lambda, priceScale / ingress, ingress);
            final double fixedLambda = lambda;
            mu = balance(m -> evaluate(fixedLambda, m), p -> p.computeDemand() - 1.0, mu, priceScale, 1.0);
            Priced next = evaluate(lambda, mu);
            boolean settled = Math.abs(next.dualValue() - current.dualValue()) <= 1e-7 * Math.max(1, Math.abs(next.dualValue()));
            current = next;
            if (fits(current) && (settled || check.enough(bestBound, current))) {
                break;
            }
        }
        return new Result(bestBound, current);
    }

    private boolean fits(Priced p) {
        return p.bandwidthDemand() <= ingress * (1 + 1e-9) && p.computeDemand() <= 1 + 1e-9;
    }

    /** The smallest price (within tolerance) at which the excess demand is <= 0, searched from {@code previous}. */
    private double balance(DoubleFunction<Priced> at, ToDoubleFunction<Priced> excess, double previous, double start, double capacity) {
        double lo;
        double hi;
        if (previous > 0) {
            if (excess.applyAsDouble(at.apply(previous)) > 0) {
                lo = previous;
                hi = previous * 2;
            } else {
                hi = previous;
                lo = previous / 2;
                while (excess.applyAsDouble(at.apply(lo)) <= 0) {
                    hi = lo;
                    lo /= 4;
                    if (lo < 1e-12 * start) {
                        return excess.applyAsDouble(at.apply(0)) <= 0 ? 0 : hi;
                    }
                }
            }
        } else {
            if (excess.applyAsDouble(at.apply(0)) <= 0) {
                return 0;
            }
            lo = 0;
            hi = start;
        }
        while (excess.applyAsDouble(at.apply(hi)) > 0) {
            lo = hi;
            hi *= 4;
            if (hi > 1e12) {
                return hi; // demand cannot be met at any price: some device has no stable option
            }
        }
        return illinois(at, excess, lo, hi, capacity);
    }

    /**
     * Regula falsi with the Illinois fix between a price with excess demand ({@code lo}) and one
     * without ({@code hi}): converges in a few steps where demand is smooth in the price (many
     * devices), and never worse than bisection's bracket where it jumps. Returns the feasible end.
     */
    private double illinois(DoubleFunction<Priced> at, ToDoubleFunction<Priced> excess, double lo, double hi, double capacity) {
        double fLo = excess.applyAsDouble(at.apply(lo));
        double fHi = excess.applyAsDouble(at.apply(hi));
        int side = 0;
        for (int i = 0; i < MAX_BISECTIONS && hi - lo > PRICE_TOLERANCE * hi; i++) {
            double mid = fLo > 0 && fHi <= 0 && fLo - fHi > 0 ? hi - fHi * (hi - lo) / (fHi - fLo) : 0.5 * (lo + hi);
            if (!(mid > lo && mid < hi)) {
                mid = 0.5 * (lo + hi);
            }
            double f = excess.applyAsDouble(at.apply(mid));
            if (f > 0) {
                lo = mid;
                fLo = f;
                if (side == -1) {
                    fHi /= 2;
                }
                side = -1;
            } else {
                hi = mid;
                fHi = f;
                if (side == 1) {
                    fLo /= 2;
                }
                side = 1;
                if (f > -DEMAND_TOLERANCE * capacity) {
                    break; // fits and leaves less than DEMAND_TOLERANCE of the resource unused
                }
            }
        }
        return hi;
    }

    Priced evaluate(double bandwidthPrice, double computePrice) {
        int n = devices.size();
        int[] choice = new int[n];
        PricedResponse.Response[] responses = new PricedResponse.Response[n];
        int chunks = n < PARALLEL_FROM ? 1 : 4 * ForkJoinPool.getCommonPoolParallelism();
        double[][] sums = new double[chunks][3];
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            for (int i = from; i < to; i++) {
                PricedResponse.Response best = respond(i, bandwidthPrice, computePrice);
                choice[i] = lastChoice[i];
                responses[i] = best;
                sums[c][0] += best.value();
                sums[c][1] += best.bandwidthBps();
                sums[c][2] += best.computeShare();
            }
        });
        // Summed in chunk order, so results do not depend on thread timing.
        double total = 0;
        double bandwidth = 0;
        double compute = 0;
        for (double[] sum : sums) {
            total += sum[0];
            bandwidth += sum[1];
            compute += sum[2];
        }
        double dual = total - bandwidthPrice * ingress - computePrice;
        if (dual > bestBound) {
            bestBound = dual;
        }
        return new Priced(bandwidthPrice, computePrice, choice, responses, dual, bandwidth, compute);
    }

    /** Device i's best option at these prices, screened by the cheap bound; records it as the device's last choice. */
    private PricedResponse.Response respond(int i, double bandwidthPrice, double computePrice) {
        List<SplitOption> options = candidates.get(i);
        DeviceContext context = devices.get(i).context();
        int bestIndex = lastChoice[i];
        PricedResponse.Response best = PricedResponse.of(options.get(bestIndex), context, bandwidthPrice, computePrice);
        double[] floor = floorCost[i];
        double[] leastB = leastBandwidth[i];
        double[] leastC = leastCompute[i];
        for (int k = 0; k < options.size(); k++) {
            if (k == bestIndex) {
                continue;
            }
            double bound = floor[k] + bandwidthPrice * leastB[k] + computePrice * leastC[k];
            if (!(bound < best.value())) {
                continue; // cannot beat the best so far, whatever its shares
            }
            PricedResponse.Response r = PricedResponse.of(options.get(k), context, bandwidthPrice, computePrice);
            if (r.value() < best.value()) {
                best = r;
                bestIndex = k;
            }
        }
        lastChoice[i] = bestIndex;
        return best;
    }
}
