package io.tandem.planner.solve;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;

/**
 * Lagrangian relaxation of the cell's two capacity constraints. With a price on bandwidth and one
 * on compute, the problem splits into one small problem per device ({@link PricedResponse}, over
 * its candidate options). The dual value {@code sum of device values - prices * capacities} is a
 * lower bound on the optimum for any prices >= 0; the prices are balanced alternately until each
 * resource's demand meets its capacity.
 *
 * <p>Most of the time goes into device responses, so several things keep their number down: each
 * price search starts from the last price, interpolates (regula falsi in log price and log
 * demand), and is only as precise as the round needs (10% in the first round, ten times finer
 * in each next one, down to the final tolerances); the caller may stop once the bound is good
 * enough; and an option is only solved when a cheap lower bound on its priced value (its cost
 * with the whole link and edge plus the prices of the least stable resources, or its service
 * times priced at their best) beats the device's best option so far, starting from the device's
 * previous choice.
 */
final class DualAscent {

    private static final int MAX_ROUNDS = 12;
    /** Tolerance of the first round's price searches; each later round is ten times finer, down to the final ones. */
    private static final double COARSE = 0.1;
    /** Cells at least this large spread each evaluation over the common fork-join pool. */
    private static final int PARALLEL_FROM = 512;
    private static final double PRICE_TOLERANCE = 1e-6;
    private static final int MAX_BISECTIONS = 60;
    /** A price is close enough once demand fits and leaves less than this fraction of the capacity unused. */
    static final double DEMAND_TOLERANCE = 1e-4;

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
    /**
     * For the priced screening bound: the option's cost without its two queued resources
     * (accuracy, head and its queue, round trip, at the latency slope before the deadline), and that
     * slope times the bits per frame and times the edge-seconds per frame.
     */
    private final double[][] fixedCost;
    private final double[][] slopeBits;
    private final double[][] slopeTail;
    private final int[] lastChoice;
    /** Device i's options occupy memo slots slotStart[i] .. slotStart[i] + options - 1. */
    private final int[] slotStart;
    private final ShareMemo memo;
    /** A first guess at the order of the prices: a hundredth of the cell's best-case cost per unit of each resource. */
    private final double priceScale;
    private double bestBound = Double.NEGATIVE_INFINITY;
    private final double finalDemandTolerance;
    private double demandTolerance;
    private double priceTolerance = PRICE_TOLERANCE;
    /** The last evaluation, as the search often asks for the same prices twice in a row. */
    private Priced last;

    DualAscent(List<Problem.Device> devices, List<List<SplitOption>> candidates, double ingress) {
        this(devices, candidates, ingress, DEMAND_TOLERANCE);
    }

    /** @param finalDemandTolerance how much of a resource may stay unused at the final prices (fraction) */
    DualAscent(List<Problem.Device> devices, List<List<SplitOption>> candidates, double ingress, double finalDemandTolerance) {
        this.finalDemandTolerance = finalDemandTolerance;
        this.devices = devices;
        this.candidates = candidates;
        this.ingress = ingress;
        int n = devices.size();
        floorCost = new double[n][];
        leastBandwidth = new double[n][];
        leastCompute = new double[n][];
        fixedCost = new double[n][];
        slopeBits = new double[n][];
        slopeTail = new double[n][];
        lastChoice = new int[n];
        slotStart = new int[n];
        int slots = 0;
        for (int i = 0; i < n; i++) {
            slotStart[i] = slots;
            slots += candidates.get(i).size();
        }
        memo = new ShareMemo(slots);
        double floorTotal = 0;
        for (int i = 0; i < n; i++) {
            DeviceContext context = devices.get(i).context();
            List<SplitOption> options = candidates.get(i);
            int k = options.size();
            floorCost[i] = new double[k];
            leastBandwidth[i] = new double[k];
            leastCompute[i] = new double[k];
            fixedCost[i] = new double[k];
            slopeBits[i] = new double[k];
            slopeTail[i] = new double[k];
            for (int j = 0; j < k; j++) {
                SplitOption option = options.get(j);
                // The whole link and the whole edge give the lowest latency the option can have.
                floorCost[i][j] = CostModel.cost(option, context, context.uplinkCapacityBps(), 1.0);
                double slope = context.weights().latencyWeight() / context.deadlineSeconds();
                double head = option.headSeconds();
                fixedCost[i][j] = context.weights().accuracyWeight() * (1 - option.accuracy())
                        + slope * (head + CostModel.mD1Wait(context.frameRateHz() * head, head) + context.rttSeconds());
                slopeBits[i][j] = slope * 8 * option.bytesPerFrame();
                slopeTail[i][j] = slope * option.tailEdgeSeconds();
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
        return run(check, 0, 0);
    }

    /** Starting from prices known to be close (a related problem's), which saves most of the search. */
    Result run(RoundCheck check, double startBandwidthPrice, double startComputePrice) {
        double lambda = startBandwidthPrice;
        double mu = startComputePrice;
        Priced current = evaluate(lambda, mu);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            // Early rounds only need to find the neighbourhood: 10%, then 1%, ... down to the final tolerances.
            demandTolerance = Math.max(finalDemandTolerance, COARSE / Math.pow(10, round));
            priceTolerance = Math.max(PRICE_TOLERANCE, COARSE / Math.pow(10, round));
            final double fixedMu = mu;
            lambda = balance(l -> evaluate(l, fixedMu), p -> p.bandwidthDemand() - ingress, lambda, priceScale / ingress, ingress);
            final double fixedLambda = lambda;
            mu = balance(m -> evaluate(fixedLambda, m), p -> p.computeDemand() - 1.0, mu, priceScale, 1.0);
            Priced next = evaluate(lambda, mu);
            boolean settled = Math.abs(next.dualValue() - current.dualValue()) <= 1e-7 * Math.max(1, Math.abs(next.dualValue()));
            current = next;
            boolean precise = demandTolerance == finalDemandTolerance && priceTolerance == PRICE_TOLERANCE;
            if (fits(current) && ((settled && precise) || check.enough(bestBound, current))) {
                break;
            }
        }
        return new Result(bestBound, current);
    }

    private boolean fits(Priced p) {
        return p.bandwidthDemand() <= ingress * (1 + 1e-9) && p.computeDemand() <= 1 + 1e-9;
    }

    /**
     * The smallest price (within tolerance) at which the excess demand is <= 0, searched from
     * {@code previous}: a price that already fits with little to spare is kept as it is.
     */
    private double balance(DoubleFunction<Priced> at, ToDoubleFunction<Priced> excess, double previous, double start, double capacity) {
        DoubleUnaryOperator f = p -> excess.applyAsDouble(at.apply(p));
        double lo;
        double hi;
        double fLo;
        double fHi;
        if (previous > 0) {
            double fPrevious = f.applyAsDouble(previous);
            if (fPrevious > 0) {
                lo = previous;
                fLo = fPrevious;
                hi = previous * 1.25;
                fHi = f.applyAsDouble(hi);
            } else {
                if (fPrevious > -demandTolerance * capacity) {
                    return previous;
                }
                hi = previous;
                fHi = fPrevious;
                lo = previous / 1.25;
                fLo = f.applyAsDouble(lo);
                while (fLo <= 0) {
                    hi = lo;
                    fHi = fLo;
                    lo /= 4;
                    if (lo < 1e-12 * start) {
                        return f.applyAsDouble(0) <= 0 ? 0 : hi;
                    }
                    fLo = f.applyAsDouble(lo);
                }
            }
        } else {
            fLo = f.applyAsDouble(0);
            if (fLo <= 0) {
                return 0;
            }
            lo = 0;
            hi = start;
            fHi = f.applyAsDouble(hi);
        }
        while (fHi > 0) {
            lo = hi;
            fLo = fHi;
            hi *= 4;
            if (hi > 1e12) {
                return hi; // demand cannot be met at any price: some device has no stable option
            }
            fHi = f.applyAsDouble(hi);
        }
        return illinois(f, lo, fLo, hi, fHi, capacity);
    }

    /**
     * Regula falsi with the Illinois fix between a price with excess demand ({@code lo}) and one
     * without ({@code hi}): converges in a few steps where demand is smooth in the price (many
     * devices), and never worse than bisection's bracket where it jumps. Returns the feasible end.
     */
    private double illinois(DoubleUnaryOperator f, double lo, double fLo, double hi, double fHi, double capacity) {
        if (fHi > -demandTolerance * capacity) {
            return hi;
        }
        int side = 0;
        for (int i = 0; i < MAX_BISECTIONS && hi - lo > priceTolerance * hi; i++) {
            double mid;
            if (lo > 0 && fHi + capacity > 0) {
                // Demand falls roughly as a power of the price: interpolate log demand in log price.
                double yLo = Math.log1p(fLo / capacity);
                double yHi = Math.log1p(fHi / capacity);
                double uLo = Math.log(lo);
                double uHi = Math.log(hi);
                mid = yLo - yHi > 0 ? Math.exp(uHi - yHi * (uHi - uLo) / (yHi - yLo)) : Math.sqrt(lo * hi);
            } else {
                mid = fLo - fHi > 0 ? hi - fHi * (hi - lo) / (fHi - fLo) : 0.5 * (lo + hi);
            }
            if (!(mid > lo && mid < hi)) {
                mid = 0.5 * (lo + hi);
            }
            double value = f.applyAsDouble(mid);
            if (value > 0) {
                lo = mid;
                fLo = value;
                if (side == -1) {
                    fHi /= 2;
                }
                side = -1;
            } else {
                hi = mid;
                fHi = value;
                if (side == 1) {
                    fLo /= 2;
                }
                side = 1;
                if (value > -demandTolerance * capacity) {
                    break; // fits and leaves little of the resource unused
                }
            }
        }
        return hi;
    }

    Priced evaluate(double bandwidthPrice, double computePrice) {
        if (last != null && last.bandwidthPrice() == bandwidthPrice && last.computePrice() == computePrice) {
            return last;
        }
        last = evaluateAfresh(bandwidthPrice, computePrice);
        return last;
    }

    private Priced evaluateAfresh(double bandwidthPrice, double computePrice) {
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

    /**
     * A lower bound on {@code min over x in [least, cap] of slope * work / x + price * x}: the
     * resource's delay is at least its service time work / x (queueing only adds), so this bounds
     * the priced delay of one resource; {@code slopeWork} is slope * work.
     */
    private static double pricedTransfer(double slopeWork, double price, double least, double cap) {
        if (slopeWork == 0) {
            return price * least;
        }
        double x = price > 0 ? Math.sqrt(slopeWork / price) : cap;
        x = Math.min(cap, Math.max(least, x));
        return slopeWork / x + price * x;
    }

    /** Device i's best option at these prices, screened by the cheap bound; records it as the device's last choice. */
    private PricedResponse.Response respond(int i, double bandwidthPrice, double computePrice) {
        List<SplitOption> options = candidates.get(i);
        DeviceContext context = devices.get(i).context();
        int bestIndex = lastChoice[i];
        int slot = slotStart[i];
        PricedResponse.Response best = PricedResponse.of(options.get(bestIndex), context, bandwidthPrice, computePrice, memo, slot + bestIndex);
        double[] floor = floorCost[i];
        double[] leastB = leastBandwidth[i];
        double[] leastC = leastCompute[i];
        for (int k = 0; k < options.size(); k++) {
            if (k == bestIndex) {
                continue;
            }
            double bound = Math.max(floor[k] + bandwidthPrice * leastB[k] + computePrice * leastC[k],
                    fixedCost[i][k] + pricedTransfer(slopeBits[i][k], bandwidthPrice, leastB[k], context.uplinkCapacityBps())
                            + pricedTransfer(slopeTail[i][k], computePrice, leastC[k], 1.0));
            if (!(bound < best.value())) {
                continue; // cannot beat the best so far, whatever its shares
            }
            PricedResponse.Response r = PricedResponse.of(options.get(k), context, bandwidthPrice, computePrice, memo, slot + k);
            if (r.value() < best.value()) {
                best = r;
                bestIndex = k;
            }
        }
        lastChoice[i] = bestIndex;
        return best;
    }
}
